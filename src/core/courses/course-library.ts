import { mkdirSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  isBundlePath,
  searchQueryProblem,
  type CourseDetail,
  type CourseManifest,
  type CourseSummary,
  type ImportedCourse,
  type ImportResult,
  type SearchHit,
  type StepStatus,
} from '../../shared/course';
import { UserFacingError } from '../api/user-error';
import { homeLayout } from '../store/home';
import { silentLogger, type Logger } from '../log/logger';
import type { Db } from '../store/database';
import { systemClock, type Clock } from '../time/clock';
import { CourseNotFoundError, CourseValidationError, CourseVersionError } from './course-errors';
import type { CourseSearch, SearchableCourse } from './course-search';
import { CourseStore, type CourseRecord } from './course-store';
import { DEFAULT_BUNDLE_LIMITS, isImagePath, mediaTypeOf, type BundleLimits } from './file-policy';
import { courseDetail, courseSummary } from './course-views';
import type { LocalStepContent } from './step-content';
import type { SavedSearchIndex } from './saved-search-index';
import type * as CourseLibraryWork from './course-library-work';

export interface CourseLibraryOptions {
  readonly db: Db;
  /** The app's data folder; courses live in `<home>/courses/<id>/`. */
  readonly home: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly limits?: BundleLimits;
}

export interface ImportOptions {
  /** Replace even when the bundle's version is not newer than the one in the library. */
  readonly force?: boolean;
}

const STAGING_PREFIX = '.staging-';
const SEARCH_INDEX_FILE = '.search-index';
/** Leftovers of an import that was killed; younger ones may belong to a running import. */
const STALE_STAGING_MS = 60 * 60 * 1000;

let work: Promise<typeof CourseLibraryWork> | undefined;
/** The import, search and step-reading code, loaded once, on first use (course-library-work.ts). */
const loadWork = () => (work ??= import('./course-library-work'));

/**
 * The learner's course library: one folder per course holding the files of its current version
 * (everything needed to read it offline), rows in SQLite for versions and progress, and a
 * full-text index built on first search.
 */
export class CourseLibrary {
  readonly dir: string;
  private readonly store: CourseStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly limits: BundleLimits;
  private searchIndex: CourseSearch | undefined;
  private savedIndex: SavedSearchIndex | undefined;
  /** Imports and removals run one at a time, so two of the same course cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: CourseLibraryOptions) {
    this.dir = homeLayout(options.home).courses;
    mkdirSync(this.dir, { recursive: true });
    this.store = new CourseStore(options.db);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  }

  /**
   * Imports a bundle (folder, .zip or .tar.gz). It is staged and validated beside the library and
   * moved in with a rename, so a refused bundle leaves the library exactly as it was.
   */
  import(source: string, options: ImportOptions = {}): Promise<ImportResult> {
    return this.serialized(() => this.importNow(resolve(source), options.force ?? false));
  }

  private async importNow(source: string, force: boolean): Promise<ImportResult> {
    const { stageBundle, findOlxRoot, convertExtractedExport, validateBundleDir, isConvertedVersion, semverGt, conversionWarnings } =
      await loadWork();
    const staging = await mkdtemp(join(this.dir, STAGING_PREFIX));
    try {
      const staged = await stageBundle(source, join(staging, 'bundle'), this.limits);
      // An Open edX export (course.xml, no course.yaml) becomes one bundle per subsection with a lab.
      const olxRoot = await findOlxRoot(staged.root);
      const converted = olxRoot ? await convertExtractedExport(olxRoot, join(staging, 'converted')) : undefined;
      const roots = converted?.dirs ?? [staged.root];

      // Every bundle is checked before any goes in, so a refused one leaves the library as it was.
      const ready: { manifest: CourseManifest; root: string; existing: CourseRecord | undefined }[] = [];
      for (const root of roots) {
        const validation = await validateBundleDir(root);
        const manifest = validation.manifest;
        if (!manifest) throw new CourseValidationError(validation.issues);
        const existing = this.store.get(manifest.id);
        // An export has no version: a newer export of a converted course always replaces it.
        const replacesConversion = converted !== undefined && existing !== undefined && isConvertedVersion(existing.version);
        if (existing && !force && !replacesConversion && !semverGt(manifest.version, existing.version)) {
          throw new CourseVersionError(manifest.id, existing.version, manifest.version);
        }
        ready.push({ manifest, root, existing });
      }
      const imported: ImportedCourse[] = [];
      for (const [index, { manifest, root, existing }] of ready.entries()) {
        await this.swapIn(manifest, root, join(staging, `previous-${index}`), existing !== undefined);
        if (this.searchIndex) this.searchIndex.put(await this.searchable(manifest));
        this.logger.info('course imported', {
          id: manifest.id,
          version: manifest.version,
          previous: existing?.version ?? null,
          from: converted ? `${staged.kind} (Open edX export)` : staged.kind,
        });
        imported.push({ course: this.summary(this.requireRecord(manifest.id)), previousVersion: existing?.version ?? null });
      }
      if (this.searchIndex) await this.saveSearchIndex();
      const [first, ...more] = imported;
      if (!converted) return first!;
      return { ...first!, more, notes: conversionWarnings(converted.report) };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Moves the staged files into place and records them; on any failure the old version stays. */
  private async swapIn(manifest: CourseManifest, stagedRoot: string, previous: string, hadRow: boolean): Promise<void> {
    const target = this.courseDir(manifest.id);
    const hadFiles = await exists(target);
    if (hadFiles) await rename(target, previous);
    try {
      await rename(stagedRoot, target);
      try {
        this.store.upsert(manifest, this.clock.now());
      } catch (error) {
        await rename(target, stagedRoot);
        throw error;
      }
    } catch (error) {
      if (hadFiles) await rename(previous, target);
      throw error;
    }
    if (!hadRow && hadFiles) this.logger.warn('replaced course files that had no library record', { id: manifest.id });
  }

  list(): CourseSummary[] {
    const completed = this.store.completedCounts();
    const positions = this.store.positions();
    return this.store.list().map((record) => this.summary(record, completed, positions));
  }

  get(id: string): CourseDetail {
    const record = this.requireRecord(id);
    return courseDetail(this.summary(record), record.manifest, this.store.progress(id));
  }

  /** The validated course.yaml (defaults filled), for the lab engine. */
  manifest(id: string): CourseManifest {
    return this.requireRecord(id).manifest;
  }

  /** The course's manifest, or undefined when it is not in the library (no error built and thrown). */
  findManifest(id: string): CourseManifest | undefined {
    return this.store.get(id)?.manifest;
  }

  /** The folder holding the course's files (template, scripts, steps). */
  courseDir(id: string): string {
    return join(this.dir, id);
  }

  async readStep(courseId: string, stepId: string): Promise<LocalStepContent> {
    const steps = this.requireRecord(courseId).manifest.steps;
    const index = steps.findIndex((s) => s.id === stepId);
    if (index < 0) throw new CourseNotFoundError(courseId, stepId);
    const status = this.progressOf(courseId, stepId);
    const { readStepContent } = await loadWork();
    return readStepContent({ courseId, root: this.courseDir(courseId), steps, index, status });
  }

  /**
   * The file behind an image the course view asks for, or undefined. Only images of the course's
   * own folder are served: the path is checked, and links cannot exist in the library.
   */
  async resolveImage(courseId: string, bundlePath: string): Promise<{ filePath: string; mediaType: string } | undefined> {
    if (!this.store.get(courseId) || !isBundlePath(bundlePath) || !isImagePath(bundlePath)) return undefined;
    const filePath = join(this.courseDir(courseId), ...bundlePath.split('/'));
    const info = await lstat(filePath).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { filePath, mediaType: mediaTypeOf(bundlePath) ?? 'application/octet-stream' };
  }

  remove(id: string): Promise<void> {
    return this.serialized(async () => {
      this.requireRecord(id);
      const trash = await mkdtemp(join(this.dir, STAGING_PREFIX));
      try {
        if (await exists(this.courseDir(id))) await rename(this.courseDir(id), join(trash, id));
        this.store.delete(id);
        if (this.searchIndex) {
          this.searchIndex.remove(id);
          await this.saveSearchIndex();
        }
        this.logger.info('course removed', { id });
      } finally {
        await rm(trash, { recursive: true, force: true });
      }
    });
  }

  setProgress(courseId: string, stepId: string, status: StepStatus): void {
    this.requireStep(courseId, stepId);
    this.store.setProgress(courseId, stepId, status, this.clock.now());
  }

  /**
   * Every check of the step passed: it is done, unless the course's solve script did it (it stays
   * "solved": passing checks after a solve shows the solution works, not that the learner did it).
   */
  stepPassed(courseId: string, stepId: string): StepStatus {
    const now = this.progressOf(courseId, stepId);
    if (now === 'solved' || now === 'completed') return now;
    this.setProgress(courseId, stepId, 'completed');
    return 'completed';
  }

  /** The course's solve script did the step. */
  stepSolved(courseId: string, stepId: string): StepStatus {
    this.setProgress(courseId, stepId, 'solved');
    return 'solved';
  }

  private progressOf(courseId: string, stepId: string): StepStatus {
    return this.store.progress(courseId).get(stepId) ?? 'not_started';
  }

  /** Progress of every step of the current version ("not_started" where there is none). */
  getProgress(courseId: string): Record<string, StepStatus> {
    const record = this.requireRecord(courseId);
    const progress = this.store.progress(courseId);
    return Object.fromEntries(record.manifest.steps.map((s) => [s.id, progress.get(s.id) ?? 'not_started']));
  }

  setLastStep(courseId: string, stepId: string): void {
    this.requireStep(courseId, stepId);
    this.store.setPosition(courseId, stepId, this.clock.now());
  }

  getLastStep(courseId: string): string | null {
    this.requireRecord(courseId);
    return this.store.position(courseId);
  }

  /** The learner opened a step: remember the position and count the step as visited. */
  openStep(courseId: string, stepId: string): void {
    this.requireStep(courseId, stepId);
    const now = this.clock.now();
    this.store.setPosition(courseId, stepId, now);
    this.store.markVisited(courseId, stepId, now);
  }

  /** Throws invalid_input past the bounds every caller shares (see searchQueryProblem). */
  async search(query: string, limit = 20): Promise<SearchHit[]> {
    const problem = searchQueryProblem(query);
    if (problem) throw new UserFacingError('invalid_input', problem);
    const index = await this.ensureSearchIndex();
    return index.search(query, limit);
  }

  /** The search index: the saved copy when it matches the library, else rebuilt and saved. */
  async ensureSearchIndex(): Promise<CourseSearch> {
    if (!this.searchIndex) {
      const { CourseSearch } = await loadWork();
      const loaded = await (await this.savedSearchIndex()).load(await this.indexFingerprint());
      if (loaded) this.searchIndex ??= loaded;
      else {
        const index = CourseSearch.empty();
        for (const record of this.store.list()) index.put(await this.searchable(record.manifest));
        this.searchIndex ??= index;
        await this.saveSearchIndex();
      }
    }
    return this.searchIndex;
  }

  private async savedSearchIndex(): Promise<SavedSearchIndex> {
    const { SavedSearchIndex } = await loadWork();
    return (this.savedIndex ??= new SavedSearchIndex(join(this.dir, SEARCH_INDEX_FILE), this.logger));
  }

  private async indexFingerprint(): Promise<string> {
    const { SavedSearchIndex } = await loadWork();
    return SavedSearchIndex.fingerprint(this.store.list());
  }

  private async saveSearchIndex(): Promise<void> {
    if (this.searchIndex) await (await this.savedSearchIndex()).save(this.searchIndex, await this.indexFingerprint());
  }

  /** Deletes staging folders left behind by an import that was killed. */
  async cleanStaleStaging(): Promise<void> {
    const now = this.clock.now();
    for (const name of await readdir(this.dir)) {
      if (!name.startsWith(STAGING_PREFIX)) continue;
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_STAGING_MS) await rm(path, { recursive: true, force: true });
    }
  }

  private async searchable(manifest: CourseManifest): Promise<SearchableCourse> {
    const root = this.courseDir(manifest.id);
    const { analyzeMarkdown } = await loadWork();
    const steps = await Promise.all(
      manifest.steps.map(async (step) => {
        const markdown = await readFile(join(root, ...step.file.split('/')), 'utf8').catch(() => '');
        return { id: step.id, title: step.title, text: analyzeMarkdown(markdown).text };
      }),
    );
    return { id: manifest.id, title: manifest.title, description: manifest.description, steps };
  }

  private summary(
    record: CourseRecord,
    completed: Map<string, number> = this.store.completedCounts(),
    positions: Map<string, string> = this.store.positions(),
  ): CourseSummary {
    return courseSummary(record, completed, positions);
  }

  private requireRecord(id: string): CourseRecord {
    const record = this.store.get(id);
    if (!record) throw new CourseNotFoundError(id);
    return record;
  }

  private requireStep(courseId: string, stepId: string): void {
    if (!this.requireRecord(courseId).manifest.steps.some((s) => s.id === stepId)) {
      throw new CourseNotFoundError(courseId, stepId);
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
