import * as z from 'zod';
import { crashPoint } from '../../src/core/jobs/crash-points';
import { defineJob, JobRegistry } from '../../src/core/jobs/job-registry';
import type { Db } from '../../src/core/store/database';

/**
 * Job types of the multi-process tests. Every run and every completed side effect is written to a
 * table, so a test can count them: a job run twice, or an effect done twice, shows there.
 */
export function createEffectTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS test_runs (job_id INTEGER NOT NULL, owner TEXT NOT NULL, attempt INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS test_effects (job_id INTEGER NOT NULL, owner TEXT NOT NULL, label TEXT NOT NULL);
  `);
}

export const EffectPayload = z.object({ label: z.string(), holdMs: z.number().int().nonnegative() });

export function effectJob(db: Db, owner: string) {
  return defineJob({
    type: 'test.effect',
    payload: EffectPayload,
    maxAttempts: 3,
    key: (p) => p.label,
    handler: async (p, ctx) => {
      db.prepare(`INSERT INTO test_runs (job_id, owner, attempt) VALUES (?, ?, ?)`).run(ctx.jobId, owner, ctx.attempt);
      ctx.progress({ message: 'holding' });
      await ctx.clock.sleep(p.holdMs, ctx.signal);
      crashPoint('test.before-effect');
      db.prepare(`INSERT INTO test_effects (job_id, owner, label) VALUES (?, ?, ?)`).run(ctx.jobId, owner, p.label);
      return { owner };
    },
  });
}

export function testRegistry(db: Db, owner: string): JobRegistry {
  return new JobRegistry([effectJob(db, owner)]);
}
