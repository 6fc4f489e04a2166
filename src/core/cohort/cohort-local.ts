import type { CourseManifest } from '../../shared/course/course-manifest';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { Clock } from '../time/clock';
import { cohortCheckDeps, type CohortCheckDeps } from './cohort-checks';
import { SqliteLabActivityCache, type LabActivityCache } from './lab-activity-cache';
import { SqliteStackEventCache, type StackEventCache } from './stack-event-cache';

/** What the instructor's machine keeps for a cohort, beside what the cloud says. */
export interface CohortLocal {
  /** For progress checks over SSH and a course's own rates (the course in the instructor's library, host-key pins). */
  readonly checks?: CohortCheckDeps;
  /** Each lab's events between listings (default: in memory, for the service's life). */
  readonly eventCache?: StackEventCache;
  /** Each lab's last read activity (default: in memory, for the service's life). */
  readonly activityCache?: LabActivityCache;
}

/** A cohort's local state in the app's store: the course library, host-key pins and both caches in its database. */
export function storedCohortLocal(options: {
  courses: { findManifest(id: string): CourseManifest | undefined; courseDir(id: string): string };
  db: Db;
  clock: Clock;
  logger?: Logger;
}): CohortLocal {
  const now = () => options.clock.now();
  return {
    checks: cohortCheckDeps(options),
    eventCache: new SqliteStackEventCache(options.db, now),
    activityCache: new SqliteLabActivityCache(options.db, now),
  };
}
