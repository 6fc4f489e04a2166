import MiniSearch, { type Options } from 'minisearch';
import type { SearchHit } from '../../shared/course';

export interface SearchableStep {
  readonly id: string;
  readonly title: string;
  /** Plain text of the step (see analyzeMarkdown). */
  readonly text: string;
}

export interface SearchableCourse {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly steps: readonly SearchableStep[];
}

interface SearchDoc {
  readonly id: string;
  readonly courseId: string;
  readonly stepId: string | null;
  readonly title: string;
  readonly courseTitle: string;
  readonly text: string;
}

export const SEARCH_OPTIONS: Options<SearchDoc> = {
  fields: ['title', 'text', 'courseTitle'],
  storeFields: ['courseId', 'stepId', 'title', 'courseTitle'],
  searchOptions: { boost: { title: 3, courseTitle: 0.5 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
};

/** Bumped whenever the documents or SEARCH_OPTIONS change, so an old saved index is rebuilt. */
const INDEX_FORMAT = 'lab-console-course-search-1';

interface SavedIndex {
  readonly format: string;
  readonly index: unknown;
  readonly texts: Record<string, string>;
  readonly docsByCourse: Record<string, string[]>;
}

const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 180;

/**
 * Full-text search over every course and step of the library (minisearch, in memory). Course
 * documents make a course findable by its title or description; step documents carry the course
 * title too, so "linux processes" finds the Processes step of the Linux course.
 */
export class CourseSearch {
  private constructor(
    private readonly index: MiniSearch<SearchDoc>,
    private readonly texts: Map<string, string>,
    private readonly docsByCourse: Map<string, string[]>,
  ) {}

  static empty(): CourseSearch {
    return new CourseSearch(new MiniSearch<SearchDoc>(SEARCH_OPTIONS), new Map(), new Map());
  }

  /** Reads back serialize()'s output; undefined when it is unusable (other format, damaged). */
  static restore(json: string): CourseSearch | undefined {
    try {
      const saved = JSON.parse(json) as Partial<SavedIndex>;
      if (saved.format !== INDEX_FORMAT || !saved.index || !saved.texts || !saved.docsByCourse) return undefined;
      const index = MiniSearch.loadJS<SearchDoc>(saved.index as Parameters<typeof MiniSearch.loadJS>[0], SEARCH_OPTIONS);
      return new CourseSearch(index, new Map(Object.entries(saved.texts)), new Map(Object.entries(saved.docsByCourse)));
    } catch {
      return undefined;
    }
  }

  get documentCount(): number {
    return this.index.documentCount;
  }

  /** The whole index with the texts its snippets come from, as JSON. */
  serialize(): string {
    const saved: SavedIndex = {
      format: INDEX_FORMAT,
      index: this.index.toJSON(),
      texts: Object.fromEntries(this.texts),
      docsByCourse: Object.fromEntries(this.docsByCourse),
    };
    return JSON.stringify(saved);
  }

  /** Adds a course, replacing what was indexed for the same id. */
  put(course: SearchableCourse): void {
    this.remove(course.id);
    const docs: SearchDoc[] = [
      { id: course.id, courseId: course.id, stepId: null, title: course.title, courseTitle: '', text: course.description },
      ...course.steps.map((step) => ({
        id: `${course.id}/${step.id}`,
        courseId: course.id,
        stepId: step.id,
        title: step.title,
        courseTitle: course.title,
        text: step.text,
      })),
    ];
    this.index.addAll(docs);
    for (const doc of docs) this.texts.set(doc.id, doc.text);
    this.docsByCourse.set(
      course.id,
      docs.map((d) => d.id),
    );
  }

  remove(courseId: string): void {
    for (const id of this.docsByCourse.get(courseId) ?? []) {
      this.index.discard(id);
      this.texts.delete(id);
    }
    this.docsByCourse.delete(courseId);
  }

  search(query: string, limit = 20): SearchHit[] {
    if (query.trim() === '') return [];
    return this.index
      .search(query)
      .slice(0, limit)
      .map((result) => {
        const text = this.texts.get(String(result.id)) ?? '';
        return {
          courseId: result.courseId as string,
          courseTitle: ((result.courseTitle as string) || (result.title as string)) ?? '',
          stepId: (result.stepId as string | null) ?? null,
          title: result.title as string,
          snippet: snippet(text, result.terms),
          terms: result.terms,
          score: result.score,
        };
      });
  }
}

/** Text around the first matched term, cut at word boundaries. */
export function snippet(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  const hits = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0);
  const first = hits.length > 0 ? Math.min(...hits) : 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < first) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
