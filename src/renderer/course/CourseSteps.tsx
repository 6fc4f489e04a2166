import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDetail, StepStatus } from '../../shared/course';
import { useApi } from '../api/api-context';
import { EmptyState } from '../components/EmptyState';
import { useAsync } from '../hooks/use-async';
import { hrefOf } from '../hooks/use-route';
import { StepChecks } from './StepChecks';

const STATUS_MARK: Record<StepStatus, string> = { not_started: '', visited: '•', completed: '✓', solved: '~' };

function StepList({ course, current }: { course: CourseDetail; current: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('course.steps.list')} className="step-list">
      <ol>
        {course.steps.map((step) => (
          <li key={step.id} className={`step-${step.status}`}>
            <a href={hrefOf('lab', course.id, step.id)} aria-current={step.id === current ? 'step' : undefined}>
              <span className="step-mark" aria-label={t(`course.steps.status.${step.status}`)}>
                {STATUS_MARK[step.status]}
              </span>
              {step.index + 1}. {step.title}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

// Markdown (marked, highlight.js, DOMPurify) is its own chunk, loaded with the first step shown.
const StepMarkdown = lazy(() => import('./StepMarkdown').then((m) => ({ default: m.StepMarkdown })));

/** The steps pane of the course view: the list, the current step, and moving between steps. */
export function CourseSteps({ courseId, stepId }: { courseId: string; stepId: string | undefined }): ReactNode {
  const api = useApi();
  const { t } = useTranslation();
  const course = useAsync(() => api.call('course.get', { id: courseId }), [api, courseId]);
  const current = stepId ?? course.value?.lastStepId ?? course.value?.steps[0]?.id;
  const step = useAsync(
    () => (current ? api.call('course.readStep', { courseId, stepId: current }) : Promise.resolve(undefined)),
    [api, courseId, current],
  );
  const [notice, setNotice] = useState<string>();
  const reloadCourse = course.reload;

  useEffect(() => {
    if (!current) return;
    void api.call('course.openStep', { courseId, stepId: current }).then(reloadCourse, () => undefined);
  }, [api, courseId, current, reloadCourse]);

  if (course.error) {
    return (
      <EmptyState
        title={t('course.steps.cannotOpen')}
        action={
          <a className="button" href={hrefOf('courses')}>
            {t('course.steps.backToCourses')}
          </a>
        }
      >
        <p>{course.error}</p>
      </EmptyState>
    );
  }
  if (!course.value || !current) return <p className="loading">{t('course.steps.loadingCourse')}</p>;
  const content = step.value;

  const setStatus = async (status: StepStatus): Promise<void> => {
    await api.call('course.setProgress', { courseId, stepId: current, status });
    course.reload();
    step.reload();
  };

  return (
    <div className="course-steps">
      <header className="course-header">
        <h1>{course.value.title}</h1>
        <StepList course={course.value} current={current} />
      </header>
      {notice && (
        <div className="banner banner-warn" role="status">
          {notice}{' '}
          <button type="button" className="link-button" onClick={() => setNotice(undefined)}>
            {t('course.steps.dismiss')}
          </button>
        </div>
      )}
      {step.error && (
        <div className="banner banner-error" role="alert">
          {step.error}
        </div>
      )}
      {content && (
        <article className="step" aria-labelledby="step-title">
          <p id="step-title" className="step-position">
            {t('course.steps.position', { number: content.index + 1, total: course.value.steps.length, title: content.title })}
          </p>
          <Suspense fallback={<p className="loading">{t('course.steps.loadingStep')}</p>}>
            <StepMarkdown step={content} onNotice={setNotice} />
          </Suspense>
          {(content.hasChecks || content.hasSolve || content.hints.length > 0) && (
            <StepChecks
              key={content.stepId}
              courseId={courseId}
              stepId={content.stepId}
              display={content.checkDisplay}
              hasChecks={content.hasChecks}
              hints={content.hints}
              hasSolve={content.hasSolve}
              nextStepId={content.nextStepId}
              status={content.status}
              onProgress={() => {
                course.reload();
                step.reload();
              }}
            />
          )}
          <footer className="step-footer">
            {content.previousStepId ? (
              <a className="button" href={hrefOf('lab', courseId, content.previousStepId)} rel="prev">
                {t('course.steps.previous')}
              </a>
            ) : (
              <span />
            )}
            {content.status === 'completed' ? (
              <button type="button" onClick={() => void setStatus('visited')}>
                {t('course.steps.undoDone')}
              </button>
            ) : content.status === 'solved' ? (
              <span className="step-solved-note">{t('course.steps.solvedNote')}</span>
            ) : (
              <button type="button" className="button-primary" onClick={() => void setStatus('completed')}>
                {t('course.steps.markDone')}
              </button>
            )}
            {content.nextStepId ? (
              <a className="button" href={hrefOf('lab', courseId, content.nextStepId)} rel="next">
                {t('course.steps.next')}
              </a>
            ) : (
              <span />
            )}
          </footer>
        </article>
      )}
    </div>
  );
}
