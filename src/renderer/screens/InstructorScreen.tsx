import { useState, type ReactNode } from 'react';
import { hrefOf, useRoute } from '../hooks/use-route';
import { EmptyState } from '../components/EmptyState';
import { CohortDashboard } from '../instructor/CohortDashboard';

/** The instructor's cohort dashboard: #/instructor/<course id>. */
export function InstructorScreen(): ReactNode {
  const route = useRoute();
  const courseId = route.params[0];
  const [typed, setTyped] = useState(courseId ?? '');
  return (
    <>
      <header className="screen-header screen-header-row">
        <h1>Instructor</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim()) window.location.hash = hrefOf('instructor', typed.trim());
          }}
        >
          <label>
            Course id <input aria-label="Course id" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="intro-linux" />
          </label>{' '}
          <button type="submit" className="button button-primary">Show cohort</button>
        </form>
      </header>
      {courseId ? (
        <CohortDashboard key={courseId} courseId={courseId} />
      ) : (
        <EmptyState title="No cohort to show yet">
          <p>
            Enter a course id to see every learner's lab of that course, in the learner projects your cloud credentials reach (the
            default cloud, or the one named by <code>LAB_CONSOLE_INSTRUCTOR_CLOUD</code>).
          </p>
        </EmptyState>
      )}
    </>
  );
}
