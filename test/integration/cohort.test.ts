/**
 * The instructor's cohort against the sandbox: labs in several states across learner projects,
 * created as each learner exactly as the app would; `cohort list` agrees with Heat; the reaper's
 * dry run names exactly the right labs, its real run acts, two reapers at once act once per stack;
 * a learner's credentials list only their own lab.
 */
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { CohortService } from '../../src/core/cohort/cohort-service';
import { MemoryStackEventCache } from '../../src/core/cohort/stack-event-cache';
import type { StackEvent } from '../../src/shared/openstack/stack';
import { CohortActOutput, CohortListing } from '../../src/shared/cohort/cohort-lab';
import { Enrolment } from '../../src/shared/cohort/enrolment';
import { ReaperBusyError } from '../../src/core/cohort/cohort-errors';
import { claimLab, claimStackName } from '../../src/core/cohort/reap-claim';
import { acquireReapLock, reapLockPath } from '../../src/core/cohort/reap-lock';
import { reap } from '../../src/core/cohort/reaper';
import type { ReapPolicy } from '../../src/core/cohort/reap-policy';
import { labStackName } from '../../src/core/labs/lab-identity';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { systemClock, type Clock } from '../../src/core/time/clock';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { connectTo } from './openstack-sandbox';
import { countStackEvents, createLab, deleteRunStacks, FAILING_LAB, sampleLab, TINY_LAB } from './cohort-labs';

const HOUR = 3_600;
const policy: ReapPolicy = { maxSessionSeconds: HOUR, deleteAgeSeconds: 86_400, failedGraceSeconds: HOUR };
/** Counts what a listing found in the cache (hits) and what it had to read from Heat (puts). */
class CountingEventCache extends MemoryStackEventCache {
  readonly counts = { hits: 0, puts: 0 };
  override get(stackId: string) {
    const kept = super.get(stackId);
    if (kept) this.counts.hits++;
    return kept;
  }
  override put(stackId: string, key: string, events: readonly StackEvent[]) {
    this.counts.puts++;
    super.put(stackId, key, events);
  }
}

const shifted = (offsetMs: number): Clock => ({ now: () => Date.now() + offsetMs, sleep: systemClock.sleep });

describeWithSandbox('cohort: list, reaper and learners’ isolation against Keystone + Heat', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `cohort-it-${run}`;
  const other = `cohort-other-${run}`;
  let state: SandboxState;
  let instructor: OpenStackConnection;
  const learners: OpenStackConnection[] = [];
  let home: string;
  const names = { up: '', suspended: '', failed: '' };

  beforeAll(async () => {
    state = sandbox();
    home = mkdtempSync(join(tmpdir(), 'lc-cohort-'));
    instructor = await connectTo(state, 'instructor');
    for (const n of [1, 2, 3]) learners.push(await connectTo(state, `learner${n}`));
    const [l1, l2, l3] = learners as [OpenStackConnection, OpenStackConnection, OpenStackConnection];
    const ids = await Promise.all(learners.map(async (l) => (await l.keystone.token()).user.id));
    names.up = labStackName(course, ids[0]!);
    names.suspended = labStackName(course, ids[1]!);
    names.failed = labStackName(course, ids[2]!);
    // learner1: the sample lab (a real lab host), up. learner2: suspended. learner3: CREATE_FAILED.
    await Promise.all([
      createLab(l1, course, run, await sampleLab(state), { parameters: { run: course } }),
      createLab(l2, course, run, { template: TINY_LAB }).then((s) => l2.stacks.suspend(s.ref, { timeoutMs: 60_000 })),
      createLab(l3, course, run, { template: FAILING_LAB }, { expectFailure: true }),
      // Not labs of this course: another course's lab, and a stack without the lab tags.
      createLab(l1, other, run, { template: TINY_LAB }),
      l2.stacks.create({ template: TINY_LAB, name: `not-a-lab-${run}`, tags: [`lc-test=${run}`] }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(learners.map((l) => deleteRunStacks(l, run)));
    await Promise.all([...learners, instructor].map((c) => c?.close()));
    rmSync(home, { recursive: true, force: true });
  }, 240_000);

  it('lists every lab of the course across learner projects, in the state Heat reports', async () => {
    const cohort = new CohortService({ connection: instructor });
    const early: CohortListing[] = [];
    let actionableEarly = 0;
    // The labs' events requests undici was asked for, and those it had written, when the early listing came.
    const events = { asked: 0, written: 0 };
    let eventsAtEarly: typeof events | undefined;
    const isEvents = (message: unknown) => /\/events(\?|$)/.test((message as { request: { path: string } }).request.path);
    const asked = (message: unknown) => void (isEvents(message) && events.asked++);
    const written = (message: unknown) => void (isEvents(message) && events.written++);
    subscribe('undici:request:create', asked);
    subscribe('undici:client:sendHeaders', written);
    const listing = await cohort
      .list(course, { cohort: 'sandbox' }, undefined, {
        onStates: (partial) => {
          early.push(partial);
          eventsAtEarly = { ...events };
          // What is shown early can be acted on at once (a bulk action needs no finished listing).
          actionableEarly = cohort.labsById(partial.labs.map((l) => l.stackId)).length;
        },
      })
      .finally(() => {
        unsubscribe('undici:request:create', asked);
        unsubscribe('undici:client:sendHeaders', written);
      });
    // Every lab's events were asked for, and written, before the early listing was built: building it
    // (tens of ms for a large cohort) does not hold back the requests of the last project listed.
    expect(eventsAtEarly).toEqual({ asked: 3, written: 3 });
    expect(actionableEarly).toBe(3);
    expect(listing.problems).toEqual([]);
    // The dashboard's first sight: the same labs in the same states, before their events were read.
    expect(early.map((l) => l.withEvents)).toEqual([false]);
    expect(early[0]!.labs.map((l) => [l.stackName, l.state, l.since])).toEqual(listing.labs.map((l) => [l.stackName, l.state, null]));
    const byName = new Map(listing.labs.map((l) => [l.stackName, l]));
    expect([...byName.keys()].sort()).toEqual([names.up, names.suspended, names.failed].sort());

    // What Heat itself says, asked as each learner.
    for (const learner of learners) {
      for (const s of await learner.heat.listAll({ tags: ['lc', `lc-course=${course}`] })) {
        expect(byName.get(s.name)).toMatchObject({ stackId: s.id, state: s.status });
      }
    }
    expect(byName.get(names.up)).toMatchObject({ group: 'up', learner: 'learner1', projectName: 'lab-learner1', courseVersion: '1.0.0' });
    expect(byName.get(names.suspended)).toMatchObject({ state: 'SUSPEND_COMPLETE', group: 'down' });
    expect(byName.get(names.failed)).toMatchObject({ state: 'CREATE_FAILED', group: 'failed' });
    expect(byName.get(names.failed)!.statusReason).toMatch(/ValueError|failed/i);
    for (const lab of listing.labs) {
      expect(lab.since).not.toBeNull();
      expect(lab.lastActivity).not.toBeNull();
    }
    expect(listing.totals).toMatchObject({ labs: 3, running: 1, suspended: 1, failed: 1 });
    expect(listing.runningSeries.at(-1)!.running).toBeGreaterThanOrEqual(1);
    expect(listing.withEvents).toBe(true);

    // Two askers at once (a refresh, a second window) share one listing.
    const a = cohort.list(course, { cohort: 'sandbox' });
    expect(cohort.list(course, { cohort: 'sandbox' })).toBe(a);
    await a;
  });

  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--home', join(home, 'cli-home'), '--os-cloud', 'instructor', ...args], {
      streams: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
      env: { OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml, OS_CLIENT_SECURE_FILE: state.files.secureYaml },
    });
    return { code, stdout, stderr };
  };

  it('cohort CLI: list --json, export --csv, a bulk suspend by learner, delete refused without --yes off a terminal, enrol', async () => {
    const listed = await cli('--json', 'cohort', 'list', '--course', course, '--cohort', 'sandbox');
    expect(listed.code, listed.stderr).toBe(0);
    const listing = CohortListing.parse(JSON.parse(listed.stdout));
    expect(listing.labs.map((l) => [l.stackName, l.state]).sort()).toEqual(
      (await Promise.all(learners.map((l) => l.heat.listAll({ tags: ['lc', `lc-course=${course}`] }))))
        .flat()
        .map((s) => [s.name, s.status])
        .sort(),
    );
    // The table an instructor reads says states in words; Heat's names are for --json and the CSV.
    const table = await cli('cohort', 'list', '--course', course, '--cohort', 'sandbox');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/learner1 +Running /);
    expect(table.stdout).toMatch(/learner2 +Suspended /);
    expect(table.stdout).toMatch(/learner3 +Failed /);
    expect(table.stdout).not.toMatch(/_COMPLETE|_FAILED/);

    const csv = join(home, 'cohort.csv');
    expect((await cli('cohort', 'export', '--course', course, '--csv', csv)).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^learner,userId,courseId/);
    expect(lines).toHaveLength(4);

    // The other course's lab of learner1 only: the selection must not touch this course's labs.
    const suspended = await cli('--json', 'cohort', 'suspend', '--course', other, '--learner', 'lab-learner1');
    expect(suspended.code, suspended.stderr).toBe(0);
    expect(CohortActOutput.parse(JSON.parse(suspended.stdout)).results.map((r) => r.outcome)).toEqual(['done']);
    const otherLab = (await learners[0]!.heat.listAll({ tags: [`lc-course=${other}`] }))[0]!;
    expect(otherLab.status).toMatch(/^SUSPEND_(IN_PROGRESS|COMPLETE)$/);
    expect((await learners[0]!.heat.get(names.up)).status).toBe('CREATE_COMPLETE');

    const refused = await cli('cohort', 'delete', '--course', course, '--all');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await cli('cohort', 'suspend', '--course', course)).code).toBe(2);

    const roster = join(home, 'learners.csv');
    writeFileSync(roster, 'username,project\nlearner1,lab-learner1\nlearner2\n');
    const enrol = await cli(
      'cohort',
      'enrol',
      '--learners',
      roster,
      '--course',
      course,
      '--bundle',
      'intro.tar.gz',
      '--out',
      join(home, 'enrol'),
    );
    expect(enrol.code, enrol.stderr).toBe(0);
    const file = Enrolment.parse(JSON.parse(readFileSync(join(home, 'enrol', 'learner2.lab-enrol.json'), 'utf8')));
    expect(file.cloud).toMatchObject({
      authUrl: state.keystone.url,
      username: 'learner2',
      projectName: 'lab-learner2',
      region: state.region,
    });
    expect(file.course).toEqual({ id: course, bundle: 'intro.tar.gz' });
  });

  it('shows a learner only their own lab', async () => {
    const cohort = new CohortService({ connection: learners[1]! });
    const projects = await cohort.projects();
    expect(projects.map((p) => p.name)).toEqual(['lab-learner2']);
    const listing = await cohort.list(course);
    expect(listing.labs.map((l) => l.stackName)).toEqual([names.suspended]);
  });

  it('reads a lab’s events from Heat again only when it may have changed: never while up since created, every time once suspended', async () => {
    const courseId = `cohort-cache-${run}`;
    const learner = learners[2]!;
    const lab = await createLab(learner, courseId, run, { template: TINY_LAB });
    const cache = new CountingEventCache();
    const service = new CohortService({ connection: instructor, local: { eventCache: cache } });
    const first = (await service.list(courseId)).labs;
    expect(first.map((l) => l.state)).toEqual(['CREATE_COMPLETE']);
    expect(cache.counts).toEqual({ hits: 0, puts: 1 });
    expect((await service.list(courseId)).labs.map((l) => [l.state, l.since, l.lastActivity])).toEqual(
      first.map((l) => [l.state, l.since, l.lastActivity]),
    );
    expect(cache.counts).toEqual({ hits: 1, puts: 1 });

    // Suspended, resumed, suspended again: the same state twice, so Heat is asked (for what is new) every time.
    await learner.stacks.suspend(lab.ref, { timeoutMs: 60_000 });
    const suspended = (await service.list(courseId)).labs[0]!;
    expect(cache.counts).toEqual({ hits: 2, puts: 2 });
    await new Promise((r) => setTimeout(r, 1100)); // Heat's times have whole seconds
    await learner.stacks.resume(lab.ref, { timeoutMs: 60_000 });
    await learner.stacks.suspend(lab.ref, { timeoutMs: 60_000 });
    const again = (await service.list(courseId)).labs;
    expect(cache.counts).toEqual({ hits: 3, puts: 3 });
    expect(again[0]!.state).toBe('SUSPEND_COMPLETE');
    expect(Date.parse(again[0]!.since!)).toBeGreaterThan(Date.parse(suspended.since!));
    // The same as a listing that reads every event from Heat.
    const fresh = (await new CohortService({ connection: instructor }).list(courseId)).labs;
    expect(again.map((l) => [l.since, l.lastActivity])).toEqual(fresh.map((l) => [l.since, l.lastActivity]));
  }, 120_000);

  it('reaper dry run: nothing now; after 2 h the long session and the failed lab; after 2 days also the suspended lab', async () => {
    const planned = async (offsetMs: number) => {
      const report = await reap(new CohortService({ connection: instructor, clock: shifted(offsetMs) }), {
        courseId: course,
        policy,
        dryRun: true,
      });
      return Object.fromEntries(report.decisions.filter((d) => d.action !== 'keep').map((d) => [d.stackName, d.action]));
    };
    expect(await planned(0)).toEqual({});
    expect(await planned(2 * HOUR * 1000)).toEqual({ [names.up]: 'suspend', [names.failed]: 'delete' });
    expect(await planned(2 * 86_400 * 1000)).toEqual({ [names.up]: 'suspend', [names.suspended]: 'delete', [names.failed]: 'delete' });
    // A dry run changes nothing.
    expect((await learners[0]!.heat.get(names.up)).status).toMatch(/^(CREATE|RESUME)_COMPLETE$/);
  });

  it('one lock per course and data folder: a second reaper there is refused', () => {
    const file = reapLockPath(home, course);
    const release = acquireReapLock(file);
    expect(() => acquireReapLock(file)).toThrow(ReaperBusyError);
    release();
    acquireReapLock(file)();
  });

  it('leaves a delete to the reaper holding its claim in Heat, and takes it once the claim is gone', async () => {
    const failedRef = await learners[2]!.heat.get(names.failed);
    const held = await claimLab(learners[2]!.heat, failedRef.ref, systemClock);
    expect(held.claimed).toBe(true);
    const onlyLearner3 = { courseId: course, policy, dryRun: false, selector: { namePattern: '^lab-learner3$' } };
    const blocked = await reap(new CohortService({ connection: instructor, clock: shifted(2 * HOUR * 1000) }), onlyLearner3);
    expect(blocked.decisions.map((d) => [d.stackName, d.action, d.outcome, d.detail])).toEqual([
      [names.failed, 'delete', 'skipped', 'another reaper is acting on it'],
    ]);
    expect((await learners[2]!.heat.get(failedRef.ref)).status).toBe('CREATE_FAILED');
    if (held.claimed) await learners[2]!.heat.delete(held.claim);
    const claimGone = async () => !(await learners[2]!.heat.find(claimStackName(failedRef.ref)));
    for (let i = 0; i < 50 && !(await claimGone()); i++) await new Promise((r) => setTimeout(r, 200));
    // The claim is gone, so the next run may act: a dry run plans the delete again.
    const planned = await reap(new CohortService({ connection: instructor, clock: shifted(2 * HOUR * 1000) }), {
      ...onlyLearner3,
      dryRun: true,
    });
    expect(planned.decisions.map((d) => [d.action, d.outcome])).toEqual([['delete', 'planned']]);
  });

  it('two reapers at once (different machines, no shared lock) act once per stack', async () => {
    const upRef = await learners[0]!.heat.get(names.up);
    const failedRef = await learners[2]!.heat.get(names.failed);
    const suspendsBefore = await countStackEvents(learners[0]!, upRef.ref, 'SUSPEND_IN_PROGRESS');
    const reaper = (n: number) =>
      reap(new CohortService({ connection: instructor, clock: shifted(2 * HOUR * 1000) }), {
        courseId: course,
        policy,
        dryRun: false,
        lockFile: join(home, `machine-${n}`, 'reap.lock'),
      });
    const [a, b] = await Promise.all([reaper(1), reaper(2)]);
    const outcomes = (name: string) => [a, b].map((r) => r.decisions.find((d) => d.stackName === name)!.outcome).sort();
    expect(outcomes(names.up)).toEqual(['done', 'skipped']);
    expect(outcomes(names.failed)).toEqual(['done', 'skipped']);
    expect(outcomes(names.suspended)).toEqual(['skipped', 'skipped']);

    const up = await learners[0]!.stacks.heat.get(upRef.ref);
    if (up.status === 'SUSPEND_IN_PROGRESS') await new Promise((r) => setTimeout(r, 4_000));
    expect((await learners[0]!.heat.get(upRef.ref)).status).toBe('SUSPEND_COMPLETE');
    expect((await countStackEvents(learners[0]!, upRef.ref, 'SUSPEND_IN_PROGRESS')) - suspendsBefore).toBe(1);
    // Heat still answers by id for a deleted stack, events included: exactly one delete ran.
    for (let i = 0; i < 50 && !(await learners[2]!.heat.isGone(failedRef.ref)); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await learners[2]!.heat.isGone(failedRef.ref)).toBe(true);
    expect(await countStackEvents(learners[2]!, failedRef.ref, 'DELETE_IN_PROGRESS')).toBe(1);
    // learner2's lab was only suspended 2 h ago in the reapers' view: untouched.
    expect((await learners[1]!.heat.get(names.suspended)).status).toBe('SUSPEND_COMPLETE');
    // Claims are released once the delete shows; none is left behind.
    expect(await learners[2]!.heat.find(claimStackName(failedRef.ref))).toBeUndefined();
  });
});
