import type { ReactNode } from 'react';
import type { SearchHit } from '../../shared/course';
import { hrefOf } from '../hooks/use-route';

export function SearchResults({ query, hits }: { query: string; hits: readonly SearchHit[] }): ReactNode {
  if (hits.length === 0) return <p role="status">No step matches “{query}”.</p>;
  return (
    <section aria-label="Search results">
      <p role="status">
        {hits.length} result{hits.length === 1 ? '' : 's'} for “{query}”
      </p>
      <ol className="search-results">
        {hits.map((hit) => (
          <li key={`${hit.courseId}/${hit.stepId ?? ''}`}>
            <a href={hit.stepId ? hrefOf('lab', hit.courseId, hit.stepId) : hrefOf('lab', hit.courseId)}>
              <strong>{hit.title}</strong> <span className="course-meta">— {hit.courseTitle}</span>
            </a>
            <p className="snippet">{hit.snippet}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
