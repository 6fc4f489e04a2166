/**
 * Bounds of a library search, for the app API, the CLI and the search box alike. Fuzzy and prefix
 * matching cost grows with the length of each word and the number of words: unbounded, one
 * 20,000-character query held the app busy for seconds. A learner's search is a few words.
 */
export const SEARCH_QUERY_MAX_LENGTH = 200;
export const SEARCH_QUERY_MAX_WORDS = 12;

/** The words of a query as the search index splits them (at spaces and punctuation). */
export function searchWords(query: string): string[] {
  return query.split(/[\n\r\p{Z}\p{P}]+/u).filter((word) => word !== '');
}

/** Why a query is refused, or undefined when it may be searched. */
export function searchQueryProblem(query: string): string | undefined {
  if (query.length > SEARCH_QUERY_MAX_LENGTH) {
    return `A search is at most ${SEARCH_QUERY_MAX_LENGTH} characters (this one has ${query.length}).`;
  }
  const words = searchWords(query).length;
  if (words > SEARCH_QUERY_MAX_WORDS) return `A search is at most ${SEARCH_QUERY_MAX_WORDS} words (this one has ${words}).`;
  return undefined;
}
