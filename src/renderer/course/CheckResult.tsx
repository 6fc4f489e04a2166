import { useState, type ReactNode } from 'react';
import type { StepContent } from '../../shared/course/course-library';
import type { CheckRun } from '../../shared/labs/check-calls';

export type CheckDisplay = NonNullable<StepContent['checkDisplay']>;

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

export interface CheckResultProps {
  readonly run: CheckRun;
  /** Just run (no "last checked … ago"). */
  readonly fresh: boolean;
  readonly display: CheckDisplay | undefined;
  /** Every check passed and the learner may go on: the way to the next step. */
  readonly next?: ReactNode;
}

/** One run of a step's checks: the score, each check with the hint of a failing one, and what comes next. */
export function CheckResult({ run, fresh, display, next }: CheckResultProps): ReactNode {
  const all = run.total > 0 && run.passed === run.total;
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
      {all && next}
    </div>
  );
}
