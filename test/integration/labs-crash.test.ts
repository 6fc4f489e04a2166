/**
 * Crash tests: a lab job killed at every persisted step (LAB_CONSOLE_CRASH_AT, which SIGKILLs the
 * process) and by a real SIGKILL in the middle of a slow create. After each, a fresh process runs
 * the same operation again; it converges and Heat holds exactly one stack for the lab (none after
 * a delete), never an orphan.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LabStore } from '../../src/core/labs/lab-store';
import { labStackName } from '../../src/core/labs/lab-identity';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { openDatabase } from '../../src/core/store/database';
import { CRASH_AT_ENV } from '../../src/core/jobs/crash-points';
import { JobsChild } from '../support/jobs-process';
import { sampleCourseVariant, SAMPLE_COURSE } from '../support/lab-harness';
import { connectTo } from './openstack-sandbox';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';
const REPO_ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(REPO_ROOT, 'test', 'support', 'lab-child.ts');

describeWithSandbox('lab jobs survive kill -9 at every step', (sandbox) => {
  let state: SandboxState;
  let dir: string;
  let conn: OpenStackConnection;
  let stackName: string;
  const clouds = JSON.stringify([{ name: 'crash', user: 'learner2' }]);

  beforeAll(async () => {
    state = sandbox();
    dir = mkdtempSync(join(tmpdir(), 'lc-labs-crash-'));
    conn = await connectTo(state, 'learner2');
    stackName = labStackName(COURSE, learner(state, 2).userId);
  });

  afterAll(async () => {
    // Whatever a failed test left behind.
    for (const s of (await conn.heat.listAll()).filter((x) => x.name === stackName && x.status !== 'DELETE_COMPLETE')) {
      await conn.stacks.delete({ name: s.name, id: s.id }, { timeoutMs: 120_000 }).catch(() => undefined);
    }
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function child(type: string, course: string, crashAt?: string): JobsChild {
    const started = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, type, COURSE, course, clouds], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...(crashAt ? { [CRASH_AT_ENV]: crashAt } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new JobsChild(started);
  }

  async function liveStacks(): Promise<string[]> {
    return (await conn.heat.listAll()).filter((s) => s.name === stackName && s.status !== 'DELETE_COMPLETE').map((s) => s.status);
  }

  function record() {
    const db = openDatabase({ path: join(dir, 'store.db') });
    try {
      return new LabStore(db).latestForCourse(COURSE);
    } finally {
      db.close();
    }
  }

  /** Runs `type` in a child that dies at `crashAt`, then again in a fresh child; returns the second's result. */
  async function crashThenConverge(type: string, crashAt: string, course = SAMPLE_COURSE) {
    const first = child(type, course, crashAt);
    const exit = await first.exited;
    expect(exit.signal, `the first child should die at ${crashAt}; stderr: ${first.stderr}`).toBe('SIGKILL');
    const second = child(type, course);
    const done = await second.line((l) => l.event === 'done', 240_000);
    await second.exited;
    return done;
  }

  it('converges after a crash right after the create POST (one stack, lab ready)', { timeout: 300_000 }, async () => {
    const done = await crashThenConverge('lab.launch', 'after-create-post');
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await liveStacks()).toEqual(['CREATE_COMPLETE']);
    expect(record()).toMatchObject({ state: 'CREATE_COMPLETE', ready: true });
  });

  it('converges after a crash right after the suspend POST', { timeout: 300_000 }, async () => {
    const done = await crashThenConverge('lab.suspend', 'after-suspend-post');
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(await liveStacks()).toEqual(['SUSPEND_COMPLETE']);
    expect(record()).toMatchObject({ state: 'SUSPEND_COMPLETE' });
  });

  it('converges after a crash right after the resume POST', { timeout: 300_000 }, async () => {
    const done = await crashThenConverge('lab.launch', 'after-resume-post');
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(await liveStacks()).toEqual(['RESUME_COMPLETE']);
    expect(record()).toMatchObject({ state: 'RESUME_COMPLETE', ready: true });
  });

  it('converges after a crash right after the delete POST (no stack left)', { timeout: 300_000 }, async () => {
    const done = await crashThenConverge('lab.delete', 'after-delete-post');
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(await liveStacks()).toEqual([]);
    expect(record()).toMatchObject({ state: 'DELETE_COMPLETE', stackId: null });
  });

  it('converges after a real SIGKILL in the middle of a slow create', { timeout: 300_000 }, async () => {
    // Long enough to be still in progress when the kill is seen in Heat, with seconds to spare on a busy machine.
    const yaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8').replace('wait_secs: 0', 'wait_secs: 10');
    const slow = sampleCourseVariant(join(dir, 'slow'), { 'course.yaml': yaml });
    const first = child('lab.launch', slow);
    await first.line((l) => l.event === 'progress' && String(l.message).includes('provisioning: CREATE_IN_PROGRESS'), 120_000);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(await liveStacks()).toEqual(['CREATE_IN_PROGRESS']);

    const second = child('lab.launch', slow);
    const done = await second.line((l) => l.event === 'done', 240_000);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await liveStacks()).toEqual(['CREATE_COMPLETE']);
    expect(record()).toMatchObject({ state: 'CREATE_COMPLETE', ready: true });

    const cleanup = child('lab.delete', slow);
    expect(await cleanup.line((l) => l.event === 'done', 120_000)).toMatchObject({ status: 'succeeded' });
    expect(await liveStacks()).toEqual([]);
  });
});
