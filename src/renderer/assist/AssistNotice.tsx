import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssistNotice } from './use-assist-notice';
import './assist.css';

/** On the learner's lab screen while an instructor's read-write shell is open on the lab. */
export function AssistNotice({ courseId }: { courseId: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const assist = useAssistNotice(courseId);
  if (!assist) return null;
  const since = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(new Date(assist.since));
  return (
    <p className="assist-notice" role="status" data-testid="assist-notice">
      <strong>{t('assist.learner.connected')}</strong> {t('assist.learner.who', { by: assist.by, since })}{' '}
      <span className="muted">{t('assist.learner.explain')}</span>
    </p>
  );
}
