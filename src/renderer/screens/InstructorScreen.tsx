import type { ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';
import { hrefOf } from '../hooks/use-route';

export function InstructorScreen(): ReactNode {
  return (
    <>
      <header className="screen-header">
        <h1>Instructor</h1>
      </header>
      <EmptyState title="No cohort to show yet" action={<a className="button" href={hrefOf('settings')}>Open Settings</a>}>
        <p>
          The cohort dashboard lists every learner's lab for a course. It needs a cloud whose credentials reach your learners'
          projects: add one in Settings.
        </p>
      </EmptyState>
    </>
  );
}
