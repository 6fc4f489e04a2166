import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
          {running ? t('course.solve.solving') : t('course.solve.button')}
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
            <strong>{t('course.solve.confirmTitle')}</strong>
          </p>
          <p id={`solve-${stepId}-text`}>
            <Trans i18nKey="course.solve.confirmText" components={{ em: <em /> }} />
          </p>
          <button type="button" className="button button-primary" onClick={solve} autoFocus>
            {t('course.solve.run')}
          </button>{' '}
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {t('course.solve.cancel')}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {running && <p className="step-checks-note">{t('course.solve.running')}</p>}
        {result && (
          <div className={`solve-result ${result.solved ? 'solve-result-ok' : 'solve-result-failed'}`}>
            <p>
              <strong>
                {result.solved
                  ? t('course.solve.solved')
                  : result.timedOut
                    ? t('course.solve.timedOut')
                    : t('course.solve.failed', { status: result.exitCode ?? t('course.solve.noStatus') })}
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
