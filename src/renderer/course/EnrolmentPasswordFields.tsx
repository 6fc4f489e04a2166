import type { ReactNode } from 'react';

/**
 * The end of an enrolment form, from a file or from a link: the learner's password for the
 * enrolment's cloud, then agreeing (which adds the cloud and opens the course) or not.
 */
export function EnrolmentPasswordFields({
  username,
  password,
  onPassword,
  note,
  error,
  busy,
  onCancel,
}: {
  username: string;
  password: string;
  onPassword: (password: string) => void;
  /** Said under the password field. */
  note?: ReactNode;
  error: string | undefined;
  busy: boolean;
  onCancel: () => void;
}): ReactNode {
  return (
    <>
      <label>
        Password of {username}{' '}
        <input
          type="password"
          aria-label="Password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          autoFocus
        />
      </label>
      {note}
      {error && <p role="alert">{error}</p>}
      <button type="submit" className="button-primary" disabled={busy || !password}>
        {busy ? 'Checking…' : 'Add cloud and open course'}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
