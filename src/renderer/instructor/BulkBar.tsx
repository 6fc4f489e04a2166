import { useState, type ReactNode } from 'react';
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
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const busy = props.progress?.running ?? false;
  const p = props.progress;
  return (
    <section className="cohort-bulk" aria-label="Bulk actions">
      <span>{props.selected} selected</span>
      <button
        type="button"
        className="button"
        disabled={!props.selected || busy || props.applies?.suspend === 0}
        title={props.applies?.suspend === 0 ? 'No selected lab is running' : undefined}
        onClick={() => props.onAct('suspend')}
      >
        Suspend{props.applies && props.applies.suspend < props.selected ? ` ${props.applies.suspend}` : ''}
      </button>
      <button
        type="button"
        className="button"
        disabled={!props.selected || busy || props.applies?.resume === 0}
        title={props.applies?.resume === 0 ? 'No selected lab is suspended' : undefined}
        onClick={() => props.onAct('resume')}
      >
        Resume{props.applies && props.applies.resume < props.selected ? ` ${props.applies.resume}` : ''}
      </button>
      <button type="button" className="button" disabled={!props.selected || busy} onClick={() => setConfirming(true)}>
        Delete…
      </button>
      {props.onCheck && (
        <button type="button" className="button" disabled={!props.selected || busy || props.checking} onClick={props.onCheck}>
          {props.checking ? 'Checking…' : 'Check progress'}
        </button>
      )}
      <button type="button" className="button" disabled={!props.selected || busy} onClick={props.onClear}>
        Clear selection
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
            Deleting destroys the learners' work. Type <code>{props.courseId}</code> to delete {props.selected} lab(s):{' '}
            <input aria-label="Type the course id to confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
          </label>
          <button type="submit" className="button button-danger" disabled={typed !== props.courseId}>
            Delete {props.selected}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
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
              aria-label={`${p.action} progress`}
              aria-valuemin={0}
              aria-valuemax={p.total}
              aria-valuenow={p.done}
            >
              <span style={{ width: `${p.total ? (p.done / p.total) * 100 : 0}%` }} />
            </div>
          )}
          <p>
            {p.action}: {p.done} of {p.total} — {p.results.filter((r) => r.outcome === 'done').length} done,{' '}
            {p.results.filter((r) => r.outcome === 'skipped').length} skipped, {p.results.filter((r) => r.outcome === 'failed').length}{' '}
            failed
            {!p.running && props.onDismiss && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={props.onDismiss}>
                  Dismiss
                </button>
              </>
            )}
          </p>
          {!p.running && p.results.some((r) => r.outcome !== 'done') && (
            <details>
              <summary>Per-lab results</summary>
              <ul aria-label="Per-lab results">
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
