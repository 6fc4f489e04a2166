import { useEffect, useState, type ReactNode } from 'react';
import type { StepContent } from '../../shared/course/course-library';
import type { CheckRun } from '../../shared/labs/check-calls';
import { useApi } from '../api/api-context';
import { isLabUp, labUnderWay } from '../lab/lab-wait';
import { useLabView } from '../lab/use-lab-view';
import './step-checks.css';

/** "checks/step-2/nginx-running.sh" → "nginx running": what the learner reads in the list. */
export function checkLabel(script: string): string {
  const base = script.split('/').pop() ?? script;
  return (
    base
      .replace(/\.[A-Za-z0-9]+$/, '')
      .replace(/[-_]+/g, ' ')
      .trim() || script
  );
}

function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleString();
}

type CheckDisplay = NonNullable<StepContent['checkDisplay']>;

function CheckResult({ run, fresh, display }: { run: CheckRun; fresh: boolean; display: CheckDisplay | undefined }): ReactNode {
  const all = run.passed === run.total;
  // When this result was first shown: "last checked 5 min ago" needs a now that stays put across renders.
  const [now] = useState(() => Date.now());
  const heading = display?.heading ? <p className="check-heading">{display.heading}</p> : null;
  // The course hides the score (an answer, not a self-check): only that it was checked.
  if (display && !display.score) {
    return (
      <div className="check-result">
        {heading ?? <p className="check-heading">Submitted</p>}
        {!fresh && <p className="check-when">last checked {ago(run.at, now)}</p>}
      </div>
    );
  }
  return (
    <div className={`check-result ${all ? 'check-result-pass' : 'check-result-fail'}`}>
      {heading}
      <p className="check-score">
        <strong>{all ? 'All checks pass' : `${run.passed} of ${run.total} checks pass`}</strong>
        <meter min={0} max={run.total} value={run.passed} aria-label={`Score: ${run.passed} of ${run.total}`} />
        {!fresh && <span className="check-when">last checked {ago(run.at, now)}</span>}
      </p>
      <ul className="check-outcomes" aria-label="Check results">
        {run.outcomes.map((outcome) => (
          <li key={outcome.script} className={outcome.passed ? 'check-pass' : 'check-fail'}>
            <span className="check-mark" aria-hidden="true">
              {outcome.passed ? '✓' : '✗'}
            </span>
            <span className="visually-hidden">{outcome.passed ? 'Passed:' : 'Failed:'}</span>{' '}
            <span title={outcome.script}>{checkLabel(outcome.script)}</span>
            {!outcome.passed && outcome.hint && display?.hints !== false && <pre className="check-hint">{outcome.hint}</pre>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The Check button of a step with progress checks: runs them on the lab, shows each check's result
 * with the hint of a failing one and the score, and the last result from the history on load.
 */
export function StepChecks({ courseId, stepId, display }: { courseId: string; stepId: string; display?: CheckDisplay }): ReactNode {
  const api = useApi();
  const { view } = useLabView(courseId);
  const [run, setRun] = useState<CheckRun>();
  const [fresh, setFresh] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    void api.call('lab.checkHistory', { courseId, stepId, limit: 1 }).then(
      ([last]) => live && last && setRun((current) => current ?? last),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, courseId, stepId]);

  const up = isLabUp(view);
  const underWay = labUnderWay(view);
  const check = (): void => {
    setRunning(true);
    setError(undefined);
    api.call('lab.check', { courseId, stepId }).then(
      (result) => {
        setRun(result);
        setFresh(true);
        setRunning(false);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setRunning(false);
      },
    );
  };

  return (
    <section className="step-checks" aria-labelledby={`checks-${stepId}`}>
      <div className="step-checks-row">
        <h2 id={`checks-${stepId}`} className="step-checks-title">
          Check your work
        </h2>
        <button
          type="button"
          className="button-primary"
          onClick={check}
          disabled={!up || running}
          aria-busy={running}
          aria-describedby={up ? undefined : `checks-why-${stepId}`}
        >
          {running ? 'Checking…' : (display?.button ?? 'Check')}
        </button>
      </div>
      {!up && (
        <p id={`checks-why-${stepId}`} className="step-checks-note">
          {underWay
            ? `The lab is ${underWay.word.replace(/…$/, '').toLowerCase()}: Check works once it is running.`
            : view?.lab?.state === 'SUSPEND_COMPLETE'
              ? 'Resume the lab to check this step.'
              : 'Launch the lab to check this step.'}
        </p>
      )}
      {!running && error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <div role="status" aria-live="polite" className="step-checks-status">
        {running && <p className="step-checks-note">Running the checks on your lab…</p>}
        {!running && run && <CheckResult run={run} fresh={fresh} display={display} />}
      </div>
    </section>
  );
}
