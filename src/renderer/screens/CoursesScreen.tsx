import type { ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';

export function CoursesScreen(): ReactNode {
  return (
    <>
      <header className="screen-header">
        <h1>Courses</h1>
      </header>
      <EmptyState title="Your course library is empty">
        <p>
          A course is a bundle (a folder, <code>.zip</code> or <code>.tar.gz</code>) from your instructor or course author. Import one
          from a terminal with:
        </p>
        <pre>
          <code>lab-console course import PATH</code>
        </pre>
        <p>Imported courses stay readable offline.</p>
      </EmptyState>
    </>
  );
}
