import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepContent, StepStatus } from '../../shared/course/course-library';
import type { CheckRun } from '../../shared/labs/check-calls';
import { useApi } from '../api/api-context';
import { hrefOf } from '../hooks/use-route';
import { CheckResult, type CheckDisplay } from './CheckResult';
import { StepHints } from './StepHints';
import { StepSolve } from './StepSolve';
import { isLabUp, labUnderWay } from '../lab/lab-wait';
import { useLabView } from '../lab/use-lab-view';
import './step-checks.css';

export { checkLabel } from './CheckResult';

export interface StepChecksProps {
  readonly courseId: string;
  readonly stepId: string;
  /** How the course shows the result and names the button (course.yaml `check_display`). */
  readonly display?: CheckDisplay;
  /** The step has progress checks (a step may have only a solve script, or only hints). */
  readonly hasChecks?: boolean;
  readonly hints?: StepContent['hints'];
  readonly hasSolve?: boolean;
  /** Where Next leads once every check passes; null on the last step. */
  readonly nextStepId?: string | null;
  /** The learner's progress on this step, as the app has it. */
  readonly status?: StepStatus;
  /** The app changed the step's progress (every check passed: done; the solution ran: solved). */
  onProgress?(): void;
}

function NextStep({
  courseId,
  nextStepId,
  status,
}: {
  courseId: string;
  nextStepId: string | null | undefined;
  status: StepStatus | undefined;
}): ReactNode {
  const { t } = useTranslation();
  const what = status === 'solved' ? t('course.checks.stepSolved') : t('course.checks.stepDone');
  return (
    <p className="check-next">
      {what}{' '}
      {nextStepId ? (
        <a className="button button-primary" href={hrefOf('lab', courseId, nextStepId)} rel="next">
          {t('course.checks.nextStep')}
        </a>
      ) : (
        t('course.checks.lastStep')
      )}
    </p>
  );
}

/**
 * The Check panel of a step: runs its progress checks on the lab and shows each check's result
 * with the hint of a failing one and the score — every check passing marks the step done and
 * offers Next; the course's hints one at a time on demand; and, when the course ships one, its
 * solution after the learner confirms.
 */
export function StepChecks(props: StepChecksProps): ReactNode {
  const { courseId, stepId, display, hasChecks = true, hints = [], hasSolve = false, onProgress } = props;
  const api = useApi();
  const { t, i18n } = useTranslation();
  const { view } = useLabView(courseId);
  const [run, setRun] = useState<CheckRun>();
  const [fresh, setFresh] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!hasChecks) return;
    let live = true;
    void api.call('lab.checkHistory', { courseId, stepId, limit: 1 }).then(
      ([last]) => live && last && setRun((current) => current ?? last),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, courseId, stepId, hasChecks]);

  const up = isLabUp(view);
  const underWay = labUnderWay(view);
  const passedAll = (result: CheckRun): boolean => result.total > 0 && result.passed === result.total;
  const check = (): void => {
    setRunning(true);
    setError(undefined);
    api.call('lab.check', { courseId, stepId }).then(
      (result) => {
        setRun(result);
        setFresh(true);
        setRunning(false);
        if (passedAll(result)) onProgress?.();
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setRunning(false);
      },
    );
  };

  const next = <NextStep courseId={courseId} nextStepId={props.nextStepId} status={props.status} />;
  return (
    <section className="step-checks" aria-labelledby={`checks-${stepId}`}>
      <div className="step-checks-row">
        <h2 id={`checks-${stepId}`} className="step-checks-title">
          {hasChecks ? t('course.checks.titleChecks') : t('course.checks.titleHelp')}
        </h2>
        {hasChecks && (
          <button
            type="button"
            className="button-primary"
            onClick={check}
            disabled={!up || running}
            aria-busy={running}
            aria-describedby={up ? undefined : `checks-why-${stepId}`}
          >
            {running ? t('course.checks.checking') : (display?.button ?? t('course.checks.check'))}
          </button>
        )}
      </div>
      {!up && (hasChecks || hasSolve) && (
        <p id={`checks-why-${stepId}`} className="step-checks-note">
          {underWay
            ? t('course.checks.underWay', { state: underWay.word.replace(/…$/, '').toLocaleLowerCase(i18n.language) })
            : view?.lab?.state === 'SUSPEND_COMPLETE'
              ? t('course.checks.resumeFirst')
              : t('course.checks.launchFirst')}
        </p>
      )}
      {!running && error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {hasChecks && (
        <div role="status" aria-live="polite" className="step-checks-status">
          {running && <p className="step-checks-note">{t('course.checks.running')}</p>}
          {!running && run && <CheckResult run={run} fresh={fresh} display={display} next={next} />}
        </div>
      )}
      <StepHints courseId={courseId} stepId={stepId} hints={hints} latest={run} />
      {hasSolve && (
        <StepSolve
          courseId={courseId}
          stepId={stepId}
          up={up}
          onSolved={(result) => {
            if (result.checks) {
              setRun(result.checks);
              setFresh(true);
            }
            onProgress?.();
          }}
        />
      )}
      {!hasChecks && props.status === 'solved' && next}
    </section>
  );
}
