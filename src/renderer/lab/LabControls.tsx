import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../shared/contract';
import type { LabNotice, LabView } from '../../shared/labs';
import { useApi } from '../api/api-context';
import { hrefOf } from '../hooks/use-route';
import { labPaneModel } from './lab-badge';

/**
 * Launch / Suspend / Resume / Reset for a course's lab, with a progress bar fed by Heat's events
 * (the job's progress), a state badge, Heat's reason on failure and a notice before an idle suspend.
 */
export function LabControls({ courseId }: { courseId: string }): ReactNode {
  const api = useApi();
  const [view, setView] = useState<LabView>();
  const [notice, setNotice] = useState<LabNotice>();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [callError, setCallError] = useState<string>();
  const [callErrorCode, setCallErrorCode] = useState<string>();
  const failed = (e: unknown): void => {
    setCallError((e as Error).message);
    setCallErrorCode(e instanceof ApiError ? e.code : undefined);
  };

  useEffect(() => {
    let live = true;
    void api.call('lab.view', { courseId }).then(
      (v) => live && setView(v),
      (e: unknown) => live && setCallError(String((e as Error).message ?? e)),
    );
    const offChanged = api.on('lab.changed', (v) => {
      if (v.courseId === courseId) setView(v);
    });
    const offNotice = api.on('lab.notice', (n) => {
      if (n.courseId === courseId) setNotice(n);
    });
    return () => {
      live = false;
      offChanged();
      offNotice();
    };
  }, [api, courseId]);

  const act = (name: 'lab.launch' | 'lab.suspend' | 'lab.resume'): void => {
    setCallError(undefined);
    setNotice(undefined);
    void api.call(name, { courseId }).then(setView, failed);
  };
  const reset = (): void => {
    setConfirming(false);
    setTyped('');
    setCallError(undefined);
    void api.call('lab.reset', { courseId, confirm: typed }).then(setView, failed);
  };
  const keepRunning = (): void => {
    setNotice(undefined);
    void api.call('activity.ping', { source: 'ui', courseId });
  };

  const model = labPaneModel(view);
  const fraction = view?.activity?.fraction ?? null;
  const error = callError ?? model.error;
  // The cloud refused our login: the fix is in Settings › Clouds, one click away.
  const refused = callError ? callErrorCode === 'credentials_refused' : view?.activity?.errorKind === 'credentials_refused';
  return (
    <div className="lab-controls" aria-label="Lab controls">
      <div className="lab-controls-row">
        <span className={`lab-badge lab-badge-${model.tone}`} role="status" aria-live="polite">
          {model.badge}
        </span>
        {model.canLaunch && (
          <button className="button button-primary" onClick={() => act('lab.launch')}>
            Launch
          </button>
        )}
        {model.canResume && (
          <button className="button button-primary" onClick={() => act('lab.resume')}>
            Resume
          </button>
        )}
        {model.canSuspend && (
          <button className="button" onClick={() => act('lab.suspend')}>
            Suspend
          </button>
        )}
        {model.canReset && (
          <button className="button" onClick={() => setConfirming(true)}>
            Reset…
          </button>
        )}
      </div>
      {model.busy && (
        <div className="lab-progress">
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
          >
            <span style={{ width: `${Math.round((fraction ?? 0.05) * 100)}%` }} />
          </div>
          <small>{view?.activity?.message ?? 'Waiting for the cloud…'}</small>
        </div>
      )}
      {error && (
        <p className="lab-error" role="alert">
          {error}
          {refused && (
            <>
              {' '}
              <a href={hrefOf('settings')}>Open Settings › Clouds</a>
            </>
          )}
        </p>
      )}
      {view?.update && (
        <div className="lab-notice" role="status">
          <span>
            This course was updated to version {view.update.courseVersion}; your lab was made for {view.update.labVersion} and keeps working
            as it is. Reset it to get the new version's lab.
          </span>
          {model.canReset && !confirming && (
            <button className="button" onClick={() => setConfirming(true)}>
              Reset to {view.update.courseVersion}…
            </button>
          )}
        </div>
      )}
      {notice && (
        <div className="lab-notice" role="alert">
          <span>{notice.message}</span>
          {notice.kind === 'idle-suspend-soon' && (
            <button className="button" onClick={keepRunning}>
              Keep running
            </button>
          )}
        </div>
      )}
      {confirming && (
        <form
          className="lab-reset-confirm"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === courseId) reset();
          }}
        >
          <label>
            Reset deletes your lab and everything in it, then launches a fresh one. Type <code>{courseId}</code> to confirm:
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus aria-label="Type the course id to confirm" />
          </label>
          <button className="button button-primary" type="submit" disabled={typed !== courseId}>
            Reset lab
          </button>
          <button className="button" type="button" onClick={() => (setConfirming(false), setTyped(''))}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
