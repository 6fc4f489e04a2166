import type { ReactNode } from 'react';

/** A settings form's Save (and Undo, while there is something to undo), and what the last save did. */
export function SaveBar(props: { label: string; canSave: boolean; onSave: () => void; onUndo?: () => void; status: string }): ReactNode {
  return (
    <>
      <div className="form-actions">
        <button type="button" className="button-primary" disabled={!props.canSave} onClick={props.onSave}>
          {props.label}
        </button>
        {props.onUndo && (
          <button type="button" onClick={props.onUndo}>
            Undo changes
          </button>
        )}
      </div>
      <p role="status" aria-live="polite" className="status-text">
        {props.status}
      </p>
    </>
  );
}
