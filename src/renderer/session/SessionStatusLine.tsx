import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { SessionStatusEvent } from '../../shared/contract';
import { useApi } from '../api/api-context';
import { labUnderWay } from '../lab/lab-wait';
import { useLabView } from '../lab/use-lab-view';

const LABELS = {
  connecting: 'session.status.connecting',
  connected: 'session.status.connected',
  reconnecting: 'session.status.reconnecting',
  'lab-suspended': 'session.status.labSuspended',
  closed: 'session.status.closed',
  failed: 'session.status.failed',
} as const satisfies Record<SessionStatusEvent['status'], string>;

export interface SessionStatusLineProps {
  readonly courseId: string;
  readonly connection: string;
  readonly session: { readonly sessionId: string | undefined; readonly status: SessionStatusEvent };
  /** Said after "Connected to <connection>" (a desktop's size). */
  readonly connectedDetail?: string;
  /**
   * Set when the lab's host showed another identity than the one pinned (a host key, a
   * certificate): the facts of the alert, as label and value. Retrying cannot help then.
   */
  readonly mismatch?: readonly (readonly [label: string, value: string | undefined])[];
  /** The button that opens a fresh session once this one is closed ("New shell", "Try again"). */
  readonly restartLabel: string;
  onRestart(): void;
  /** False where resuming is not this window's call (a read-only view of someone else's lab). */
  readonly canResume?: boolean;
}

/**
 * What a live session is doing, and the one action that helps (Resume, Try again, New shell).
 * While the lab itself is on its way (the badge says Resuming…, Deleting…, Starting…), the line
 * says so in the same words instead of "Lab suspended" or "Not connected".
 */
export function SessionStatusLine(props: SessionStatusLineProps): ReactNode {
  const { courseId, connection, session, mismatch, onRestart } = props;
  const { status } = session;
  const api = useApi();
  const { t, i18n } = useTranslation();
  const underWay = labUnderWay(useLabView(courseId).view);
  /** The status the learner pressed Resume on: "Resuming…" until the next status arrives. */
  const [resumedOn, setResumedOn] = useState<object>();
  const resuming = resumedOn === status;
  if (underWay && status.status !== 'connected' && status.status !== 'connecting' && !mismatch) {
    return (
      <div className="session-status session-status-reconnecting">
        <span role="status" aria-live="polite" className="session-status-text" title={status.message}>
          <Trans
            i18nKey="session.status.underWay"
            values={{ state: underWay.word.charAt(0).toLocaleLowerCase(i18n.language) + underWay.word.slice(1) }}
            components={{ strong: <strong /> }}
          />
        </span>
      </div>
    );
  }
  return (
    <div className={`session-status session-status-${status.status}`}>
      <span role="status" aria-live="polite" className="session-status-text" title={status.message}>
        <strong>{t(LABELS[status.status])}</strong>
        {status.status === 'connected' ? ` ${t('session.status.connectedTo', { connection })}${props.connectedDetail ?? ''}` : ''}
        {status.message && !mismatch ? ` — ${status.message}` : ''}
      </span>
      {status.status === 'lab-suspended' && props.canResume !== false && (
        <button
          type="button"
          className="button"
          disabled={resuming}
          onClick={() => {
            setResumedOn(status);
            // Only ever on this click: the app never resumes a suspended lab by itself.
            api.call('lab.resume', { courseId }).catch(() => setResumedOn(undefined));
          }}
        >
          {resuming ? t('session.status.resuming') : t('session.status.resume')}
        </button>
      )}
      {status.status === 'failed' && !mismatch && (
        <button
          type="button"
          className="button"
          // No session when opening it failed (e.g. the lab was not ready): open a new one.
          onClick={() => (session.sessionId ? void api.call('session.reconnect', { sessionId: session.sessionId }) : onRestart())}
        >
          {t('session.status.tryAgain')}
        </button>
      )}
      {status.status === 'closed' && (
        <button type="button" className="button" onClick={onRestart}>
          {props.restartLabel}
        </button>
      )}
      {mismatch && (
        <div role="alert" className="banner banner-error session-mismatch">
          <p>{status.message}</p>
          <dl className="facts">
            {mismatch.map(([label, value]) => [
              <dt key={`${label}-label`}>{label}</dt>,
              <dd key={`${label}-value`}>
                <code>{value}</code>
              </dd>,
            ])}
          </dl>
        </div>
      )}
    </div>
  );
}
