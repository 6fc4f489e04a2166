import type { ReactNode } from 'react';
import type { EnrolmentSummary } from '../../shared/contract/enrolment-calls';

/** What an enrolment would add, shown before the learner agrees; `source`: the https address it came from. */
export function EnrolmentFacts({ summary, source }: { summary: EnrolmentSummary; source?: string }): ReactNode {
  return (
    <dl className="facts">
      <dt>Cloud</dt>
      <dd>
        {summary.cloud.name} <span className="muted">({summary.cloud.authUrl})</span>
        {summary.cloudExists && <span className="muted"> — replaces the cloud of that name</span>}
      </dd>
      <dt>User</dt>
      <dd>{summary.cloud.username}</dd>
      <dt>Project</dt>
      <dd>{summary.cloud.projectName}</dd>
      <dt>Course</dt>
      <dd>
        {summary.courseId}{' '}
        {summary.courseInLibrary ? (
          <span className="muted">(in your library)</span>
        ) : (
          <span className="muted">(not in your library yet{summary.bundle ? `: ${summary.bundle}` : ''})</span>
        )}
      </dd>
      {source && (
        <>
          <dt>From</dt>
          <dd>
            <code>{source}</code>
          </dd>
        </>
      )}
    </dl>
  );
}
