import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../shared/course';
import { hrefOf } from '../hooks/use-route';

export function SearchResults({ query, hits }: { query: string; hits: readonly SearchHit[] }): ReactNode {
  const { t } = useTranslation();
  if (hits.length === 0) return <p role="status">{t('course.search.none', { query })}</p>;
  return (
    <section aria-label={t('course.search.results')}>
      <p role="status">{t('course.search.count', { count: hits.length, query })}</p>
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
