import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  return (
    <form
      className="lab-reset-confirm"
      aria-label={t('lab.reset.label')}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      onSubmit={(e) => {
        e.preventDefault();
        if (typed === courseId) onConfirm(typed);
      }}
    >
      <label>
        <Trans i18nKey="lab.reset.text" values={{ courseId }} components={{ code: <code /> }} />
        <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus aria-label={t('lab.reset.input')} />
      </label>
      <button className="button button-primary" type="submit" disabled={typed !== courseId}>
        {t('lab.reset.submit')}
      </button>
      <button className="button" type="button" onClick={onCancel}>
        {t('lab.reset.cancel')}
      </button>
    </form>
  );
}
