import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Logger } from '../log/logger';
import { CourseSearch } from './course-search';

/**
 * The library's search index saved beside the courses, so a start-up loads it (~10–50 ms for 500
 * steps) instead of re-reading every step (~0.5 s). The first line is a fingerprint of the course
 * versions it was built from; any import or removal, by this process or another, changes it.
 */
export class SavedSearchIndex {
  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  static fingerprint(courses: readonly { id: string; version: string; importedAt: number }[]): string {
    const versions = courses.map((c) => [c.id, c.version, c.importedAt]);
    return createHash('sha256').update(JSON.stringify(versions)).digest('hex');
  }

  /** The saved index if it was built from exactly these course versions. */
  async load(fingerprint: string): Promise<CourseSearch | undefined> {
    const saved = await readFile(this.file, 'utf8').catch(() => undefined);
    if (saved === undefined) return undefined;
    const newline = saved.indexOf('\n');
    if (newline <= 0 || saved.slice(0, newline) !== fingerprint) return undefined;
    return CourseSearch.restore(saved.slice(newline + 1));
  }

  async save(index: CourseSearch, fingerprint: string): Promise<void> {
    const partial = `${this.file}.${process.pid}.partial`;
    try {
      await writeFile(partial, `${fingerprint}\n${index.serialize()}`);
      await rename(partial, this.file);
    } catch (error) {
      // Only start-up speed depends on it: a missing copy is rebuilt.
      this.logger.warn('could not save the course search index', { error: String(error) });
      await rm(partial, { force: true });
    }
  }
}
