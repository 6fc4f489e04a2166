import { useState, type ReactNode } from 'react';
import type { SolveResult } from '../../shared/labs/check-calls';
import { useApi } from '../api/api-context';

/**
 * "Solve this step for me": the course's solve script does the step on the lab, once the learner
 * confirmed — it changes their lab, and the step then counts as solved, not done, also for their
 * instructor.
 */
export function StepSolve({
  courseId,
  stepId,
  up,
  onSolved,
}: {
  courseId: string;
  stepId: string;
  /** The lab runs: a solve can reach it. */
  up: boolean;
  onSolved(result: SolveResult): void;
}): ReactNode {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SolveResult>();
  const [error, setError] = useState<string>();

  const solve = (): void => {
    setConfirming(false);
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    api.call('lab.solve', { courseId, stepId, confirm: true }).then(
      (answer) => {
        setRunning(false);
        setResult(answer);
        if (answer.solved) onSolved(answer);
      },
      (failure: unknown) => {
        setRunning(false);
        setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
  };

  return (
    <div className="step-solve">
      {!confirming && (
        <button type="button" className="button" onClick={() => setConfirming(true)} disabled={!up || running} aria-busy={running}>
          {running ? 'Solving…' : 'Solve this step for me…'}
        </button>
      )}
      {confirming && (
        <div
          role="alertdialog"
          aria-labelledby={`solve-${stepId}-title`}
          aria-describedby={`solve-${stepId}-text`}
          className="step-solve-confirm"
        >
          <p id={`solve-${stepId}-title`}>
            <strong>Run this step's solution on your lab?</strong>
          </p>
          <p id={`solve-${stepId}-text`}>
            The course's solution changes your lab to do what the step asks. The step then counts as <em>solved</em>, not done — in your
            progress and in your instructor's scores.
          </p>
          <button type="button" className="button button-primary" onClick={solve} autoFocus>
            Run the solution
          </button>{' '}
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {running && <p className="step-checks-note">Running the solution on your lab…</p>}
        {result && (
          <div className={`solve-result ${result.solved ? 'solve-result-ok' : 'solve-result-failed'}`}>
            <p>
              <strong>
                {result.solved
                  ? 'Solved by the course\u2019s solution'
                  : result.timedOut
                    ? 'The solution did not finish in time and was stopped'
                    : `The solution failed (exit status ${result.exitCode ?? 'none'})`}
              </strong>
            </p>
            {result.output && <pre className="solve-output">{result.output}</pre>}
          </div>
        )}
      </div>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
