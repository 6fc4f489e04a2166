import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bundleDownloadUrl } from '../../shared/contract/bundle-download';
import type { EnrolmentSummary } from '../../shared/contract/enrolment-calls';

/** What an enrolment would add, shown before the learner agrees; `source`: the https address it came from. */
export function EnrolmentFacts({ summary, source }: { summary: EnrolmentSummary; source?: string }): ReactNode {
  const { t } = useTranslation();
  const download = bundleDownloadUrl(summary);
  return (
    <dl className="facts">
      <dt>{t('course.enrolmentFacts.cloud')}</dt>
      <dd>
        {summary.cloud.name} <span className="muted">({summary.cloud.authUrl})</span>
        {summary.cloudExists && <span className="muted"> {t('course.enrolmentFacts.replacesCloud')}</span>}
      </dd>
      <dt>{t('course.enrolmentFacts.user')}</dt>
      <dd>{summary.cloud.username}</dd>
      <dt>{t('course.enrolmentFacts.project')}</dt>
      <dd>{summary.cloud.projectName}</dd>
      <dt>{t('course.enrolmentFacts.course')}</dt>
      <dd>
        {summary.courseId}{' '}
        {summary.courseInLibrary ? (
          <span className="muted">{t('course.enrolmentFacts.inLibrary')}</span>
        ) : (
          <span className="muted">
            {download
              ? t('course.enrolmentFacts.downloadBundle', { url: download })
              : summary.bundle
                ? t('course.enrolmentFacts.notInLibraryBundle', { bundle: summary.bundle })
                : t('course.enrolmentFacts.notInLibrary')}
          </span>
        )}
      </dd>
      {source && (
        <>
          <dt>{t('course.enrolmentFacts.from')}</dt>
          <dd>
            <code>{source}</code>
          </dd>
        </>
      )}
    </dl>
  );
}
