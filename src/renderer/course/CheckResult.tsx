import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepContent } from '../../shared/course/course-library';
import type { CheckRun } from '../../shared/labs/check-calls';
import { translator } from '../i18n/translator';

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
  if (seconds < 45) return translator.t('course.checkResult.justNow');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return translator.t('course.checkResult.minutesAgo', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return translator.t('course.checkResult.hoursAgo', { count: hours });
  return new Intl.DateTimeFormat(translator.language, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
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
  const { t } = useTranslation();
  const all = run.total > 0 && run.passed === run.total;
  // When this result was first shown: "last checked 5 min ago" needs a now that stays put across renders.
  const [now] = useState(() => Date.now());
  const heading = display?.heading ? <p className="check-heading">{display.heading}</p> : null;
  // The course hides the score (an answer, not a self-check): only that it was checked.
  if (display && !display.score) {
    return (
      <div className="check-result">
        {heading ?? <p className="check-heading">{t('course.checkResult.submitted')}</p>}
        {!fresh && <p className="check-when">{t('course.checkResult.lastChecked', { when: ago(run.at, now) })}</p>}
      </div>
    );
  }
  return (
    <div className={`check-result ${all ? 'check-result-pass' : 'check-result-fail'}`}>
      {heading}
      <p className="check-score">
        <strong>
          {all ? t('course.checkResult.allPass') : t('course.checkResult.somePass', { passed: run.passed, total: run.total })}
        </strong>
        <meter
          min={0}
          max={run.total}
          value={run.passed}
          aria-label={t('course.checkResult.score', { passed: run.passed, total: run.total })}
        />
        {!fresh && <span className="check-when">{t('course.checkResult.lastChecked', { when: ago(run.at, now) })}</span>}
      </p>
      <ul className="check-outcomes" aria-label={t('course.checkResult.outcomes')}>
        {run.outcomes.map((outcome) => (
          <li key={outcome.script} className={outcome.passed ? 'check-pass' : 'check-fail'}>
            <span className="check-mark" aria-hidden="true">
              {outcome.passed ? '✓' : '✗'}
            </span>
            <span className="visually-hidden">{outcome.passed ? t('course.checkResult.passed') : t('course.checkResult.failed')}</span>{' '}
            <span title={outcome.script}>{checkLabel(outcome.script)}</span>
            {!outcome.passed && outcome.hint && display?.hints !== false && <pre className="check-hint">{outcome.hint}</pre>}
          </li>
        ))}
      </ul>
      {all && next}
    </div>
  );
}
