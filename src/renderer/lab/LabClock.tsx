import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabView } from '../../shared/labs';
import { useApi } from '../api/api-context';
import { useNow } from '../hooks/use-now';
import { labClockModel } from './lab-clock';

/**
 * The lab's clock in the lab header: time left before an idle suspend (counting only while the
 * learner is idle), before the course's max_session — with its extensions, one click each — and
 * the hours left under the usage limit (Settings › Lab limits).
 */
export function LabClock({ courseId, view }: { courseId: string; view: LabView | undefined }): ReactNode {
  const api = useApi();
  const { t } = useTranslation();
  // Redraws every second while there is something to count.
  const now = useNow(1000, Boolean(view?.clock));
  const [error, setError] = useState<string>();
  const [extending, setExtending] = useState(false);
  const model = labClockModel(view, now);
  // The line keeps its place while the lab is not running, so the workspace below never moves.
  if (!model) return <div className="lab-clock" aria-hidden="true" />;

  const extend = (): void => {
    setExtending(true);
    setError(undefined);
    api.call('lab.extend', { courseId }).then(
      () => setExtending(false),
      (failure: unknown) => {
        setExtending(false);
        setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
  };

  return (
    <div className="lab-clock" role="timer" aria-label={t('lab.clock.label')}>
      {model.idle && (
        <span className={`lab-clock-item${model.idle.soon ? ' lab-clock-soon' : ''}`} data-counting={model.idle.counting}>
          {model.idle.text}
        </span>
      )}
      {model.session && (
        <span className="lab-clock-item">
          {model.session.text}
          {model.session.extensions && <span className="lab-clock-extensions"> · {model.session.extensions}</span>}
        </span>
      )}
      {model.session?.extend && (
        <button type="button" className="button lab-clock-extend" onClick={extend} disabled={extending}>
          {model.session.extend}
        </button>
      )}
      {model.usage && <span className={`lab-clock-item${model.usage.over ? ' lab-clock-soon' : ''}`}>{model.usage.text}</span>}
      {error && (
        <span className="lab-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
