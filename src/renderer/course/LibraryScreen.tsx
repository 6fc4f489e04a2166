import { useDeferredValue, useState, type DragEvent, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { SEARCH_QUERY_MAX_LENGTH, SEARCH_QUERY_MAX_WORDS, searchQueryProblem, searchWords } from '../../shared/course/course-search-query';
import { useApi } from '../api/api-context';
import { EmptyState } from '../components/EmptyState';
import { useAsync } from '../hooks/use-async';
import { CourseCard } from './CourseCard';
import { ImportCourse, ImportOutcome, useCourseImport } from './ImportCourse';
import { OpenEnrolment } from './OpenEnrolment';
import { SearchResults } from './SearchResults';

/** The library: every imported course, search across all their steps, import by picker or drop. */
export function LibraryScreen(): ReactNode {
  const api = useApi();
  const { t } = useTranslation();
  const courses = useAsync(() => api.call('course.list', {}), [api]);
  const importer = useCourseImport(courses.reload);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  // The same bounds the app enforces, said here (in the learner's language) before asking it.
  const searchProblem =
    deferred && searchQueryProblem(deferred)
      ? deferred.length > SEARCH_QUERY_MAX_LENGTH
        ? t('course.library.searchTooLong', { max: SEARCH_QUERY_MAX_LENGTH, length: deferred.length })
        : t('course.library.searchTooManyWords', { max: SEARCH_QUERY_MAX_WORDS, words: searchWords(deferred).length })
      : undefined;
  const hits = useAsync(
    () => (deferred && !searchProblem ? api.call('course.search', { query: deferred, limit: 30 }) : Promise.resolve([])),
    [api, deferred, searchProblem],
  );
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void importer.importFile(file);
  };

  const list = courses.value ?? [];
  return (
    <div
      className={`library${dragging ? ' library-dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="screen-header screen-header-row">
        <h1>{t('course.library.heading')}</h1>
        <input
          type="search"
          className="search"
          placeholder={t('course.library.search')}
          aria-label={t('course.library.search')}
          maxLength={SEARCH_QUERY_MAX_LENGTH}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <ImportCourse {...importer} />
        <OpenEnrolment onCoursesChanged={courses.reload} />
      </header>
      <ImportOutcome {...importer} />
      {courses.error && (
        <div className="banner banner-error" role="alert">
          {courses.error}
        </div>
      )}
      {searchProblem && (
        <p className="banner banner-error" role="alert">
          {searchProblem}
        </p>
      )}
      {deferred && !searchProblem && hits.error && (
        <p className="banner banner-error" role="alert">
          {hits.error}
        </p>
      )}
      {deferred && !searchProblem && hits.value && <SearchResults query={deferred} hits={hits.value} />}
      {!deferred && !courses.loading && list.length === 0 && (
        <EmptyState title={t('course.library.emptyTitle')}>
          <p>
            <Trans i18nKey="course.library.emptyBundle" components={{ code: <code />, strong: <strong /> }} />
          </p>
          <pre>
            <code>lab-console course import PATH</code>
          </pre>
          <p>{t('course.library.emptyOffline')}</p>
        </EmptyState>
      )}
      {!deferred && list.length > 0 && (
        <div className="course-grid">
          {list.map((course) => (
            <CourseCard key={course.id} course={course} />
          ))}
        </div>
      )}
      {dragging && <div className="drop-hint">{t('course.library.dropHint')}</div>}
    </div>
  );
}
