import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('course.enrolmentPassword.passwordOf', { username })}{' '}
        <input
          type="password"
          aria-label={t('course.enrolmentPassword.password')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          autoFocus
        />
      </label>
      {note}
      {error && <p role="alert">{error}</p>}
      <button type="submit" className="button-primary" disabled={busy || !password}>
        {busy ? t('course.enrolmentPassword.checking') : t('course.enrolmentPassword.submit')}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t('course.enrolmentPassword.cancel')}
      </button>
    </>
  );
}
