import { beforeEach, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../../shared/course/course-manifest';
import type { LabNotice } from '../../../shared/labs';
import { ManualClock } from '../../jobs/manual-clock.test-support';
import { openDatabase, type Db } from '../../store/database';
import { UsageLimitError } from '../lab-errors';
import type { LabJobType } from '../lab-jobs';
import { LabStore } from '../lab-store';
import { LabPolicies, type UsageLimit } from './lab-policies';

const MIN = 60_000;
const DAY = 86_400_000;

function manifest(
  id: string,
  suspendTimeout = 120,
  deleteAge: number | null = 14 * 86_400,
  maxSession: number | null = null,
  maxExtensions = 0,
): CourseManifest {
  return {
    id,
    title: id,
    version: '1.0.0',
    description: '',
    authors: [],
    steps: [],
    lab: {
      template: 'lab/lab.yaml',
      environment: null,
      parameters: {},
      connections: [],
      timeouts: {
        launch_timeout: 900,
        suspend_timeout: suspendTimeout,
        max_session: maxSession,
        delete_age: deleteAge,
        max_extensions: maxExtensions,
        extension: 1800,
      },
      services: [],
      hooks: { before_suspend: null, after_resume: null, before_delete: null },
      tabs: [],
    },
  };
}

describe('lab policies on an injected clock', () => {
  let db: Db;
  let store: LabStore;
  let clock: ManualClock;
  let requests: Array<[LabJobType, string]>;
  let notices: LabNotice[];
  let maxSession: number | null;
  let maxExtensions: number;
  let clockChanges: string[];

  beforeEach(() => {
    maxSession = null;
    maxExtensions = 0;
    clockChanges = [];
    db = openDatabase({ path: ':memory:' });
    store = new LabStore(db);
    clock = new ManualClock();
    requests = [];
    notices = [];
  });

  function policies(usageLimit?: UsageLimit): LabPolicies {
    return new LabPolicies({
      store,
      clock,
      manifest: (id) => manifest(id, 120, 14 * 86_400, maxSession, maxExtensions),
      request: (type, courseId) => requests.push([type, courseId]),
      notify: (n) => notices.push(n),
      onClockChange: (courseId) => clockChanges.push(courseId),
      usageLimit,
    });
  }

  function runningLab(courseId: string, suspendBy: number): void {
    store.ensure({ courseId, userId: 'u1', stackName: `lc-${courseId}-u1`, provider: 'c', state: 'LAUNCH_PENDING' }, clock.now());
    store.update(courseId, 'u1', { stackId: 'id', state: 'CREATE_COMPLETE', ready: true, suspendBy }, clock.now(), { running: true });
  }

  it('suspends an idle lab once suspend_by passes, after telling the learner a minute before', async () => {
    const p = policies();
    runningLab('linux', clock.now() + 2 * MIN);
    p.tick();
    expect(requests).toEqual([]);
    expect(notices).toEqual([]);
    await clock.advance(61_000);
    p.tick();
    p.tick();
    expect(notices.map((n) => n.kind)).toEqual(['idle-suspend-soon']);
    expect(requests).toEqual([]);
    await clock.advance(60_000);
    p.tick();
    expect(requests).toEqual([['lab.suspend', 'linux']]);
  });

  it('pushes suspend_by forward on activity, so an active learner is never suspended', async () => {
    const p = policies();
    runningLab('linux', clock.now() + 2 * MIN);
    for (let i = 0; i < 30; i++) {
      await clock.advance(MIN);
      p.activity();
      p.tick();
    }
    expect(requests).toEqual([]);
    expect(store.get('linux', 'u1')!.suspendBy).toBe(clock.now() + 2 * MIN);
    await clock.advance(2 * MIN);
    p.tick();
    expect(requests).toEqual([['lab.suspend', 'linux']]);
  });

  it('asks every running lab to suspend on quit, and leaves suspended ones alone', () => {
    const p = policies();
    runningLab('a', clock.now() + MIN);
    runningLab('b', clock.now() + MIN);
    store.update('b', 'u1', { state: 'SUSPEND_COMPLETE', suspendBy: null }, clock.now(), { running: false });
    expect(p.suspendAll()).toBe(1);
    expect(requests).toEqual([['lab.suspend', 'a']]);
  });

  it('deletes a suspended lab at delete_age, with a notice days before', async () => {
    const p = policies();
    runningLab('linux', clock.now());
    store.update('linux', 'u1', { state: 'SUSPEND_COMPLETE', suspendBy: null, deleteBy: clock.now() + 14 * DAY }, clock.now(), {
      running: false,
    });
    await clock.advance(10 * DAY);
    p.tick();
    expect(notices).toEqual([]);
    await clock.advance(1.5 * DAY);
    p.tick();
    expect(notices.map((n) => n.kind)).toEqual(['delete-soon']);
    expect(requests).toEqual([]);
    await clock.advance(2.5 * DAY);
    p.tick();
    expect(requests).toEqual([['lab.delete', 'linux']]);
  });

  it('counts running hours from the ledger and blocks launches past the limit in block mode', async () => {
    runningLab('linux', clock.now() + MIN);
    await clock.advance(90 * MIN);
    store.update('linux', 'u1', { state: 'SUSPEND_COMPLETE' }, clock.now(), { running: false });
    await clock.advance(10 * 60 * MIN);
    expect(policies().usage('u1').runningHours).toBeCloseTo(1.5, 5);
    expect(() => policies({ hours: 1, mode: 'block' }).checkUsage('linux', 'u1')).toThrow(UsageLimitError);
    expect(() => policies({ hours: 2, mode: 'block' }).checkUsage('linux', 'u1')).not.toThrow();
    policies({ hours: 1, mode: 'warn' }).checkUsage('linux', 'u1');
    expect(notices.map((n) => n.kind)).toEqual(['usage-limit']);
  });

  describe('max_session', () => {
    const HOUR = 3_600_000;

    /** Activity every minute for `ms`, with a policy pass after each. */
    async function busyFor(p: LabPolicies, ms: number): Promise<void> {
      for (let t = 0; t < ms; t += MIN) {
        await clock.advance(MIN);
        p.activity();
        p.tick();
      }
    }

    it('suspends a lab at max_session after it became ready, however active the learner is', async () => {
      maxSession = 4 * 3600;
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      await busyFor(p, 4 * HOUR - MIN);
      expect(requests).toEqual([]);
      expect(store.get('linux', 'u1')!.suspendBy).toBe(clock.now() + 2 * MIN);
      await busyFor(p, MIN);
      expect(requests).toEqual([['lab.suspend', 'linux']]);
    });

    it('tells the learner once, ten minutes before, when the session ends and that the work is kept', async () => {
      maxSession = 4 * 3600;
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      const end = clock.now() + 4 * HOUR;
      await busyFor(p, 4 * HOUR - 11 * MIN);
      expect(notices).toEqual([]);
      await busyFor(p, 5 * MIN);
      expect(notices).toHaveLength(1);
      const local = new Date(end);
      const hhmm = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
      expect(notices[0]).toEqual({
        courseId: 'linux',
        kind: 'session-end-soon',
        at: end,
        message: `Your lab reaches its maximum session of 4 h at ${hhmm} and will be suspended; your work is kept.`,
      });
      expect(requests).toEqual([]);
    });

    it('starts a new session count when the lab is resumed, but not when an up lab is launched again', async () => {
      maxSession = 2 * 3600;
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      await busyFor(p, HOUR);
      // Launch pressed on a lab that is already up: it converges on the same stack, the session goes on.
      store.update('linux', 'u1', { state: 'LAUNCH_PENDING' }, clock.now(), { running: true });
      store.update('linux', 'u1', { state: 'CREATE_COMPLETE' }, clock.now(), { running: true });
      await busyFor(p, HOUR);
      expect(requests).toEqual([['lab.suspend', 'linux']]);
      store.update('linux', 'u1', { state: 'SUSPEND_COMPLETE', suspendBy: null }, clock.now(), { running: false });
      requests.length = 0;
      await clock.advance(DAY);
      store.update('linux', 'u1', { state: 'LAUNCH_PENDING' }, clock.now(), { running: false });
      store.update('linux', 'u1', { state: 'RESUME_COMPLETE', suspendBy: clock.now() + 2 * MIN }, clock.now(), { running: true });
      await busyFor(p, 2 * HOUR - MIN);
      expect(requests).toEqual([]);
      await busyFor(p, MIN);
      expect(requests).toEqual([['lab.suspend', 'linux']]);
    });

    it('leaves an active lab running for days when max_session is none', async () => {
      maxSession = null;
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      await busyFor(p, 26 * HOUR);
      expect(requests).toEqual([]);
      expect(notices).toEqual([]);
    });
  });

  describe("the lab's clock", () => {
    const HOUR = 3_600_000;

    it('shows the idle deadline while idle, moved by activity, and says so at once', async () => {
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      const idle = () => p.clock(store.get('linux', 'u1')!)!.idle!;
      expect(idle()).toEqual({ suspendBy: clock.now() + 2 * MIN, timeoutSeconds: 120, lastActivityAt: null });
      await clock.advance(30_000);
      // Idle: the deadline stays put, so the time left shrinks.
      expect(idle().suspendBy - clock.now()).toBe(90_000);
      p.activity('linux');
      expect(idle()).toEqual({ suspendBy: clock.now() + 2 * MIN, timeoutSeconds: 120, lastActivityAt: clock.now() });
      expect(clockChanges).toEqual(['linux']);
      // A deadline moved by another process (the CLI's keepalive) is shown at the next pass.
      store.update('linux', 'u1', { suspendBy: clock.now() + 5 * MIN }, clock.now());
      p.tick();
      p.tick();
      expect(clockChanges).toEqual(['linux', 'linux']);
    });

    it('lengthens a session by one extension a click, counts them, refuses past the limit, and suspends at the new end', async () => {
      maxSession = 2 * 3600;
      maxExtensions = 2;
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      const start = clock.now();
      const session = () => p.clock(store.get('linux', 'u1')!)!.session!;
      expect(session()).toEqual({
        startedAt: start,
        endsAt: start + 2 * HOUR,
        maxSessionSeconds: 7200,
        extensionsUsed: 0,
        maxExtensions: 2,
        extensionSeconds: 1800,
      });
      p.extend('linux', 'u1');
      p.extend('linux', 'u1');
      expect(session()).toMatchObject({ endsAt: start + 3 * HOUR, extensionsUsed: 2 });
      expect(clockChanges).toEqual(['linux', 'linux']);
      expect(() => p.extend('linux', 'u1')).toThrow('This session was already extended 2 times, as many as the course allows.');
      await clock.advance(2 * HOUR + MIN);
      p.activity();
      p.tick();
      expect(requests).toEqual([]);
      await clock.advance(HOUR);
      p.activity();
      p.tick();
      expect(requests).toEqual([['lab.suspend', 'linux']]);
    });

    it('tells the learner before the end that extensions are left, and a new session starts with all of them', async () => {
      maxSession = 3600;
      maxExtensions = 1;
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      await clock.advance(55 * MIN);
      p.activity();
      p.tick();
      expect(notices.at(-1)?.message).toContain('You may extend it by 30 min (1 left).');
      p.extend('linux', 'u1');
      store.update('linux', 'u1', { state: 'SUSPEND_COMPLETE', suspendBy: null }, clock.now(), { running: false });
      expect(p.clock(store.get('linux', 'u1')!)).toBeNull();
      await clock.advance(HOUR);
      store.update('linux', 'u1', { state: 'RESUME_COMPLETE', suspendBy: clock.now() + 2 * MIN }, clock.now(), { running: true });
      expect(p.clock(store.get('linux', 'u1')!)!.session).toMatchObject({
        startedAt: clock.now(),
        extensionsUsed: 0,
        endsAt: clock.now() + HOUR,
      });
    });

    it('refuses an extension where the course allows none, or without a max_session', () => {
      maxSession = 3600;
      const p = policies();
      runningLab('linux', clock.now() + 2 * MIN);
      expect(() => p.extend('linux', 'u1')).toThrow('This course does not allow extending a session.');
      maxSession = null;
      expect(() => p.extend('linux', 'u1')).toThrow('This course sets no maximum session');
      expect(p.clock(store.get('linux', 'u1')!)!.session).toBeNull();
    });
  });
});
