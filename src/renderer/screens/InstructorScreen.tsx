import { useEffect, useId, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CourseSummary } from '../../shared/course/course-library';
import { useApi } from '../api/api-context';
import { hrefOf, useRoute } from '../hooks/use-route';
import { EmptyState } from '../components/EmptyState';
import { CohortDashboard } from '../instructor/CohortDashboard';

/** The instructor's cohort dashboard: #/instructor/<course id>. */
export function InstructorScreen(): ReactNode {
  const { t } = useTranslation();
  const route = useRoute();
  const courseId = route.params[0];
  const [typed, setTyped] = useState(courseId ?? '');
  const api = useApi();
  const listId = useId();
  // The library's courses as suggestions: an instructor may also watch a course they have not imported.
  const [courses, setCourses] = useState<readonly CourseSummary[]>([]);
  useEffect(() => {
    let live = true;
    api.call('course.list', {}).then(
      (list) => live && setCourses(list.filter((c) => c.protocols.length > 0)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return (
    <>
      <header className="screen-header screen-header-row">
        <h1>{t('instructor.title')}</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim()) window.location.hash = hrefOf('instructor', typed.trim());
          }}
        >
          <label>
            {t('instructor.courseId')}{' '}
            <input
              aria-label={t('instructor.courseId')}
              list={listId}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder="intro-linux"
            />
          </label>{' '}
          <datalist id={listId}>
            {courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </datalist>
          <button type="submit" className="button button-primary">
            {t('instructor.showCohort')}
          </button>
        </form>
      </header>
      {courseId ? (
        <CohortDashboard key={courseId} courseId={courseId} />
      ) : (
        <EmptyState title={t('instructor.empty.title')}>
          <p>
            <Trans i18nKey="instructor.empty.body" components={{ settings: <a href={hrefOf('settings')} /> }} />
          </p>
        </EmptyState>
      )}
    </>
  );
}
