import { describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../shared/course/course-manifest';
import { openDatabase } from '../store/database';
import { systemClock } from '../time/clock';
import { cohortCheckDeps } from './cohort-checks';

describe('cohortCheckDeps', () => {
  const known = { id: 'intro-linux' } as unknown as CourseManifest;
  const deps = cohortCheckDeps({
    courses: { findManifest: (id) => (id === 'intro-linux' ? known : undefined), courseDir: (id) => `/courses/${id}` },
    db: openDatabase({ path: ':memory:' }),
    clock: systemClock,
  });

  it("gives a course's manifest from the library, and says a course missing from it is to be imported", () => {
    expect(deps.manifest('intro-linux')).toBe(known);
    expect(deps.findManifest('elsewhere')).toBeUndefined();
    expect(() => deps.manifest('elsewhere')).toThrow(
      expect.objectContaining({ apiCode: 'not_found', message: expect.stringContaining('import its bundle') }),
    );
  });
});
