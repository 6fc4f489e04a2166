import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CohortAction, CohortActResult } from '../../shared/cohort/cohort-lab';

export interface BulkProgress {
  readonly action: CohortAction;
  readonly done: number;
  readonly total: number;
  readonly results: readonly CohortActResult[];
  readonly running: boolean;
}

/** Bulk actions on the selection; delete asks for the course id typed first. */
export function BulkBar(props: {
  courseId: string;
  selected: number;
  /** How many selected labs each action applies to; an action that applies to none is off. */
  applies?: { suspend: number; resume: number };
  progress: BulkProgress | undefined;
  onAct: (action: CohortAction, confirm?: string) => void;
  onClear: () => void;
  /** Hides the result of the last action. */
  onDismiss?: () => void;
  /** Runs the course's progress checks on the selection. */
  onCheck?: () => void;
  checking?: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const busy = props.progress?.running ?? false;
  const p = props.progress;
  return (
    <section className="cohort-bulk" aria-label={t('instructor.bulk.title')}>
      <span>{t('instructor.bulk.selected', { count: props.selected })}</span>
      <button
        type="button"
        className="button"
        disabled={!props.selected || busy || props.applies?.suspend === 0}
        title={props.applies?.suspend === 0 ? t('instructor.bulk.noneRunning') : undefined}
        onClick={() => props.onAct('suspend')}
      >
        {t('instructor.bulk.suspend')}
        {props.applies && props.applies.suspend < props.selected ? ` ${props.applies.suspend}` : ''}
      </button>
      <button
        type="button"
        className="button"
        disabled={!props.selected || busy || props.applies?.resume === 0}
        title={props.applies?.resume === 0 ? t('instructor.bulk.noneSuspended') : undefined}
        onClick={() => props.onAct('resume')}
      >
        {t('instructor.bulk.resume')}
        {props.applies && props.applies.resume < props.selected ? ` ${props.applies.resume}` : ''}
      </button>
      <button type="button" className="button" disabled={!props.selected || busy} onClick={() => setConfirming(true)}>
        {t('instructor.bulk.deleteAsk')}
      </button>
      {props.onCheck && (
        <button type="button" className="button" disabled={!props.selected || busy || props.checking} onClick={props.onCheck}>
          {props.checking ? t('instructor.bulk.checking') : t('instructor.bulk.check')}
        </button>
      )}
      <button type="button" className="button" disabled={!props.selected || busy} onClick={props.onClear}>
        {t('instructor.bulk.clear')}
      </button>
      {confirming && (
        <form
          className="cohort-confirm"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed !== props.courseId) return;
            setConfirming(false);
            setTyped('');
            props.onAct('delete', typed);
          }}
        >
          <label>
            <Trans
              i18nKey="instructor.bulk.confirmDelete"
              count={props.selected}
              values={{ courseId: props.courseId }}
              components={{ code: <code /> }}
            />{' '}
            <input aria-label={t('instructor.bulk.typeToConfirm')} value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
          </label>
          <button type="submit" className="button button-danger" disabled={typed !== props.courseId}>
            {t('instructor.bulk.delete', { count: props.selected })}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {t('settings.cancel')}
          </button>
        </form>
      )}
      {p && (
        <div className="cohort-progress">
          {/* The bar is for while it runs; once done, the summary line stays until dismissed. */}
          {p.running && (
            <div
              className="progress"
              role="progressbar"
              aria-label={t('instructor.bulk.progress', { action: p.action })}
              aria-valuemin={0}
              aria-valuemax={p.total}
              aria-valuenow={p.done}
            >
              <span style={{ width: `${p.total ? (p.done / p.total) * 100 : 0}%` }} />
            </div>
          )}
          <p>
            {t('instructor.bulk.summary', {
              action: p.action,
              done: p.done,
              total: p.total,
              ok: p.results.filter((r) => r.outcome === 'done').length,
              skipped: p.results.filter((r) => r.outcome === 'skipped').length,
              failed: p.results.filter((r) => r.outcome === 'failed').length,
            })}
            {!p.running && props.onDismiss && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={props.onDismiss}>
                  {t('deepLink.dismiss')}
                </button>
              </>
            )}
          </p>
          {!p.running && p.results.some((r) => r.outcome !== 'done') && (
            <details>
              <summary>{t('instructor.bulk.perLab')}</summary>
              <ul aria-label={t('instructor.bulk.perLab')}>
                {p.results.map((r) => (
                  <li key={r.stackId}>
                    {r.learner}: {r.outcome} — {r.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
