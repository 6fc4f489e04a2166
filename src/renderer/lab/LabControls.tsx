import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/contract/api-error';
import type { LabNotice, LabView } from '../../shared/labs';
import { useApi } from '../api/api-context';
import { useNow } from '../hooks/use-now';
import { labPaneModel } from './lab-badge';
import { LabClock } from './LabClock';
import { labMessages, type LabMessageAction } from './lab-message';
import { LabMessageLine } from './LabMessageLine';
import { ResetConfirm } from './ResetConfirm';
import { useLabView } from './use-lab-view';

/**
 * The Lab header: the lab's state in words (Heat's in the tooltip), Launch / Suspend / Resume /
 * Reset, the progress of the job at work, and one message line — what went wrong, what is safe to
 * do, the detail a click away.
 */
export function LabControls({ courseId }: { courseId: string }): ReactNode {
  const api = useApi();
  const { t } = useTranslation();
  const { view, accept, error: readError } = useLabView(courseId);
  const [notice, setNotice] = useState<LabNotice>();
  const [confirming, setConfirming] = useState(false);
  const [callError, setCallError] = useState<string>();
  const [callErrorCode, setCallErrorCode] = useState<string>();
  const failed = (e: unknown): void => {
    setCallError(e instanceof Error ? e.message : String(e));
    setCallErrorCode(e instanceof ApiError ? e.code : undefined);
  };

  useEffect(
    () =>
      api.on('lab.notice', (n) => {
        if (n.courseId === courseId) setNotice(n);
      }),
    [api, courseId],
  );

  const run = (call: Promise<LabView>): void => {
    setCallError(undefined);
    setCallErrorCode(undefined);
    call.then(accept, failed);
  };
  const act = (name: 'lab.launch' | 'lab.suspend' | 'lab.resume' | 'lab.cancel'): void => {
    setNotice(undefined);
    run(api.call(name, { courseId }));
  };
  const onAction = (action: LabMessageAction['kind']): void => {
    if (action === 'cancel') act('lab.cancel');
    if (action === 'reset-to-update') setConfirming(true);
    if (action === 'keep-running') {
      setNotice(undefined);
      void api.call('activity.ping', { source: 'ui', courseId });
    }
  };

  const now = useNow(15_000);
  const model = labPaneModel(view, now);
  const fraction = view?.activity?.fraction ?? null;
  const messages = labMessages({ view, callError: callError ?? readError, callErrorCode, notice, now });
  return (
    <div className="lab-controls" aria-label={t('lab.controls.label')}>
      <div className="lab-controls-row">
        <span className={`lab-badge lab-badge-${model.tone}`} role="status" aria-live="polite" title={model.title}>
          {model.badge}
        </span>
        {model.busy && (
          <div
            className="progress lab-progress"
            role="progressbar"
            aria-label={t('lab.controls.progress')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
          >
            <span style={{ width: `${Math.round((fraction ?? 0.05) * 100)}%` }} />
          </div>
        )}
        {model.canLaunch && (
          <button className="button button-primary" onClick={() => act('lab.launch')}>
            {t('lab.controls.launch')}
          </button>
        )}
        {model.canResume && (
          <button className="button button-primary" onClick={() => act('lab.resume')}>
            {t('lab.controls.resume')}
          </button>
        )}
        {model.canSuspend && (
          <button className="button" onClick={() => act('lab.suspend')}>
            {t('lab.controls.suspend')}
          </button>
        )}
        {model.canReset && (
          <button className="button" onClick={() => setConfirming(true)}>
            {t('lab.controls.reset')}
          </button>
        )}
        {!model.canLaunch && !model.canResume && !model.canSuspend && !model.canReset && (
          // Keeps the row as tall as with its buttons: the workspace below never moves.
          <span className="button lab-controls-spacer" aria-hidden="true">
            &nbsp;
          </span>
        )}
      </div>
      <LabClock courseId={courseId} view={view} />
      <LabMessageLine
        messages={messages}
        status={model.busy ? (view?.activity?.message ?? t('lab.controls.waiting')) : undefined}
        onAction={onAction}
      />
      {confirming && (
        <ResetConfirm
          courseId={courseId}
          onCancel={() => setConfirming(false)}
          onConfirm={(typed) => {
            setConfirming(false);
            run(api.call('lab.reset', { courseId, confirm: typed }));
          }}
        />
      )}
    </div>
  );
}
