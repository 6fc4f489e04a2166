import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepContent } from '../../shared/course/course-library';
import type { CheckRun } from '../../shared/labs/check-calls';

/** How many hints of each step the learner revealed, for this page's life (leaving and coming back keeps them). */
const revealedByStep = new Map<string, number>();

/**
 * The step's hints, revealed one at a time when the learner asks — before any check ran, or after
 * one failed. Hints of checks that pass in the latest run are skipped: they would help with
 * nothing left to do.
 */
export function StepHints({
  courseId,
  stepId,
  hints,
  latest,
}: {
  courseId: string;
  stepId: string;
  hints: StepContent['hints'];
  latest: CheckRun | undefined;
}): ReactNode {
  const { t } = useTranslation();
  const key = `${courseId}/${stepId}`;
  const [revealed, setRevealed] = useState(() => revealedByStep.get(key) ?? 0);
  const passing = new Set(latest?.outcomes.filter((o) => o.passed).map((o) => o.script));
  const useful = hints.filter((hint) => !passing.has(hint.check));
  if (useful.length === 0) return null;
  const shown = useful.slice(0, revealed);
  const left = useful.length - shown.length;
  const reveal = (): void => {
    const next = Math.min(revealed + 1, useful.length);
    revealedByStep.set(key, next);
    setRevealed(next);
  };
  return (
    <div className="step-hints">
      {shown.length > 0 && (
        <ol className="step-hint-list" aria-label={t('course.hints.list')}>
          {shown.map((hint, index) => (
            <li key={`${hint.check}-${index}`}>
              <span className="visually-hidden">{t('course.hints.hint', { number: index + 1 })}</span> {hint.text}
            </li>
          ))}
        </ol>
      )}
      {left > 0 ? (
        <button type="button" className="button" onClick={reveal}>
          {shown.length === 0 ? t('course.hints.showFirst', { count: left }) : t('course.hints.showAnother', { count: left })}
        </button>
      ) : (
        <p className="step-checks-note">{t('course.hints.last')}</p>
      )}
    </div>
  );
}
