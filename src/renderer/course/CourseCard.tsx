import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseSummary } from '../../shared/course';
import { hrefOf } from '../hooks/use-route';
import { CourseLabCost } from '../lab/LabCost';

export function CourseCard({ course }: { course: CourseSummary }): ReactNode {
  const { t } = useTranslation();
  const started = course.lastStepId !== null;
  const percent = course.stepCount ? Math.round((course.completedSteps / course.stepCount) * 100) : 0;
  const href = course.lastStepId ? hrefOf('lab', course.id, course.lastStepId) : hrefOf('lab', course.id);
  return (
    <article className="course-card" aria-labelledby={`course-${course.id}`}>
      <h2 id={`course-${course.id}`}>{course.title}</h2>
      <p className="course-meta">
        v{course.version}
        {course.authors.length > 0 && <> · {course.authors.join(', ')}</>}
        {course.protocols.length > 0 && (
          <> · {course.protocols.map((p) => (p === 'ssh' ? t('course.card.terminal') : t('course.card.desktop'))).join(' + ')}</>
        )}
      </p>
      <p className="course-description">{course.description}</p>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('course.card.progress', { title: course.title })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="course-meta">{t('course.card.stepsDone', { done: course.completedSteps, total: course.stepCount })}</p>
      {course.protocols.length > 0 && <CourseLabCost courseId={course.id} />}
      <a className="button button-primary" href={href}>
        {started ? t('course.card.continue') : t('course.card.open')}
      </a>
    </article>
  );
}
