import type { ReactNode } from 'react';
import type { CourseSummary } from '../../shared/course';
import { hrefOf } from '../hooks/use-route';
import { CourseLabCost } from '../lab/LabCost';

export function CourseCard({ course }: { course: CourseSummary }): ReactNode {
  const started = course.lastStepId !== null;
  const percent = course.stepCount ? Math.round((course.completedSteps / course.stepCount) * 100) : 0;
  const href = course.lastStepId ? hrefOf('lab', course.id, course.lastStepId) : hrefOf('lab', course.id);
  return (
    <article className="course-card" aria-labelledby={`course-${course.id}`}>
      <h2 id={`course-${course.id}`}>{course.title}</h2>
      <p className="course-meta">
        v{course.version}
        {course.authors.length > 0 && <> · {course.authors.join(', ')}</>}
        {course.protocols.length > 0 && <> · {course.protocols.map((p) => (p === 'ssh' ? 'terminal' : 'desktop')).join(' + ')}</>}
      </p>
      <p className="course-description">{course.description}</p>
      <div
        className="progress"
        role="progressbar"
        aria-label={`${course.title} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="course-meta">
        {course.completedSteps} of {course.stepCount} steps done
      </p>
      {course.protocols.length > 0 && <CourseLabCost courseId={course.id} />}
      <a className="button button-primary" href={href}>
        {started ? 'Continue' : 'Open'}
      </a>
    </article>
  );
}
