import { useState, type ReactNode } from 'react';

/** Reset deletes the learner's work: they type the course id first. Opens over the workspace, never pushing it. */
export function ResetConfirm({
  courseId,
  onConfirm,
  onCancel,
}: {
  courseId: string;
  onConfirm(typed: string): void;
  onCancel(): void;
}): ReactNode {
  const [typed, setTyped] = useState('');
  return (
    <form
      className="lab-reset-confirm"
      aria-label="Confirm the reset"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      onSubmit={(e) => {
        e.preventDefault();
        if (typed === courseId) onConfirm(typed);
      }}
    >
      <label>
        Reset deletes your lab and everything in it, then launches a fresh one. Type <code>{courseId}</code> to confirm:
        <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus aria-label="Type the course id to confirm" />
      </label>
      <button className="button button-primary" type="submit" disabled={typed !== courseId}>
        Reset lab
      </button>
      <button className="button" type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
