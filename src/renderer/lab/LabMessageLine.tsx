import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../hooks/use-route';
import type { LabMessage, LabMessageAction } from './lab-message';

/** Seconds until `at`, counting down while shown. */
function useCountdown(at: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface LabMessageLineProps {
  /** Most urgent first: the first one not dismissed is shown, the rest wait their turn. */
  readonly messages: readonly LabMessage[];
  /** What the line says when there is no message (the job's progress, the lab's state). */
  readonly status?: string;
  onAction(action: LabMessageAction['kind']): void;
}

/**
 * The Lab header's single message line: one message at a time, its height fixed so the workspace
 * below never moves; the advice and the technical detail open over the workspace on request.
 */
export function LabMessageLine({ messages, status, onAction }: LabMessageLineProps): ReactNode {
  const id = useId();
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [openKey, setOpenKey] = useState<string>();
  const message = messages.find((m) => !dismissed.has(m.key));
  const seconds = useCountdown(message?.nextTryAt);
  const open = message !== undefined && openKey === message.key;
  const close = (): void => setOpenKey(undefined);

  if (!message) {
    return (
      <div className="lab-message">
        <p className="lab-message-text lab-message-quiet">{status}</p>
      </div>
    );
  }
  return (
    <div className={`lab-message lab-message-${message.tone}`} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <p className="lab-message-text" title={message.text}>
        <span role={message.tone === 'info' ? 'status' : 'alert'}>{message.text}</span>
        {seconds !== undefined && (
          <span className="lab-message-countdown" aria-hidden="true">
            {' '}
            {t('lab.messageLine.nextTry', { seconds })}
          </span>
        )}
      </p>
      {(message.advice || message.detail) && (
        <button
          type="button"
          className="button button-small"
          aria-expanded={open}
          aria-controls={`${id}-details`}
          onClick={() => setOpenKey(open ? undefined : message.key)}
        >
          {t('lab.messageLine.details')}
        </button>
      )}
      {message.actions.map((action) =>
        action.kind === 'open-settings' ? (
          <a key={action.kind} className="button button-small" href={hrefOf('settings')}>
            {action.label}
          </a>
        ) : (
          <button key={action.kind} type="button" className="button button-small" onClick={() => onAction(action.kind)}>
            {action.label}
          </button>
        ),
      )}
      <button
        type="button"
        className="button button-small lab-message-dismiss"
        aria-label={t('lab.messageLine.dismiss')}
        onClick={() => {
          setDismissed((old) => new Set([...old, message.key]));
          close();
        }}
      >
        ×
      </button>
      {open && (
        <div className="lab-message-details" id={`${id}-details`} role="region" aria-label={t('lab.messageLine.detailsRegion')}>
          <p>{message.text}</p>
          {message.advice && <p>{message.advice}</p>}
          {message.detail && (
            <>
              <p className="lab-message-details-label">{t('lab.messageLine.technical')}</p>
              <pre>{message.detail}</pre>
            </>
          )}
          <button type="button" className="button button-small" onClick={close}>
            {t('lab.messageLine.close')}
          </button>
        </div>
      )}
    </div>
  );
}
