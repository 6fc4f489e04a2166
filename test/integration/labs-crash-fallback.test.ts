/**
 * Provider fallback across a crash: the app dies after Heat accepted the create on the first cloud
 * but before the stack's id was written, and the fallback order changes before the retry. The
 * retry must go back to the cloud the create was sent to, never make a second stack elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CRASH_AT_ENV } from '../../src/core/jobs/crash-points';
import { labStackName } from '../../src/core/labs/lab-identity';
import { LabStore } from '../../src/core/labs/lab-store';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { openDatabase } from '../../src/core/store/database';
import { JobsChild } from '../support/jobs-process';
import { SAMPLE_COURSE, type LabCloudSpec } from '../support/lab-harness';
import { connectTo } from './openstack-sandbox';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';
const REPO_ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(REPO_ROOT, 'test', 'support', 'lab-child.ts');

describeWithSandbox('provider fallback after a crash', (sandbox) => {
  let state: SandboxState;
  let dir: string;
  const conns: Record<string, OpenStackConnection> = {};
  const stackNames: Record<string, string> = {};
  // Two clouds, each a sandbox learner: "first" is learner1, "second" is learner2.
  const first: LabCloudSpec = { name: 'first', user: 'learner1' };
  const second: LabCloudSpec = { name: 'second', user: 'learner2' };

  beforeAll(async () => {
    state = sandbox();
    dir = mkdtempSync(join(tmpdir(), 'lc-labs-fallback-'));
    for (const [n, user] of [
      [1, 'learner1'],
      [2, 'learner2'],
    ] as const) {
      conns[user] = await connectTo(state, user);
      stackNames[user] = labStackName(COURSE, learner(state, n).userId);
    }
  });

  afterAll(async () => {
    for (const [user, conn] of Object.entries(conns)) {
      for (const s of (await conn.heat.listAll()).filter((x) => x.name === stackNames[user] && x.status !== 'DELETE_COMPLETE')) {
        await conn.stacks.delete({ name: s.name, id: s.id }, { timeoutMs: 120_000 }).catch(() => undefined);
      }
      await conn.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  function child(type: string, order: readonly LabCloudSpec[], crashAt?: string): JobsChild {
    const started = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, type, COURSE, SAMPLE_COURSE, JSON.stringify(order)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...(crashAt ? { [CRASH_AT_ENV]: crashAt } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new JobsChild(started);
  }

  /** The lab's live stacks on each cloud, as Heat lists them. */
  async function liveStacks(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const [user, conn] of Object.entries(conns)) {
      out[user] = (await conn.heat.listAll())
        .filter((s) => s.name === stackNames[user] && s.status !== 'DELETE_COMPLETE')
        .map((s) => s.status);
    }
    return out;
  }

  function record() {
    const db = openDatabase({ path: join(dir, 'store.db') });
    try {
      return new LabStore(db).latestForCourse(COURSE);
    } finally {
      db.close();
    }
  }

  it(
    'retries on the cloud the create was sent to when the app died before recording the stack and the order changed',
    { timeout: 300_000 },
    async () => {
      const crashed = child('lab.launch', [first, second], 'after-create-sent');
      expect((await crashed.exited).signal, `the first launch should die after the create was sent; stderr: ${crashed.stderr}`).toBe(
        'SIGKILL',
      );
      expect(await liveStacks()).toMatchObject({ learner1: [expect.stringMatching(/^CREATE_/)], learner2: [] });

      // The fallback order changes before the retry: "second" now comes first.
      const retry = child('lab.launch', [second, first]);
      const done = await retry.line((l) => l.event === 'done', 240_000);
      await retry.exited;
      expect(done).toMatchObject({ status: 'succeeded' });
      expect(await liveStacks()).toEqual({ learner1: ['CREATE_COMPLETE'], learner2: [] });
      expect(record()).toMatchObject({ provider: 'first', state: 'CREATE_COMPLETE', ready: true });

      const cleanup = child('lab.delete', [second, first]);
      expect(await cleanup.line((l) => l.event === 'done', 120_000)).toMatchObject({ status: 'succeeded' });
      expect(await liveStacks()).toEqual({ learner1: [], learner2: [] });
    },
  );
});
