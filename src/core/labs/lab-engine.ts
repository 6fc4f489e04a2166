import type { CourseManifest, Lab } from '../../shared/course/course-manifest';
import type { HookPhase } from '../../shared/ssh';
import { crashPoint } from '../jobs/crash-points';
import { PermanentJobError } from '../jobs/job-errors';
import { silentLogger, type Logger } from '../log/logger';
import { HeatError, StackActionFailedError } from '../openstack/errors';
import type { Stack } from '../openstack/heat/heat-client';
import type { OpenStackConnection } from '../openstack/openstack-client';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import type { LabClouds } from './lab-clouds';
import { LabCreateFailedError, LabLaunchTimeoutError, LabResumeFailedError, NoCapacityError } from './lab-errors';
import { providerOrder } from './lab-providers';
import type { LabHookRunner } from './lab-hooks';
import { labStackName } from './lab-identity';
import { endpointOf } from './lab-outputs';
import { DELETE_PENDING, LAUNCH_ERROR, LAUNCH_PENDING, LAUNCH_TIMEOUT, SUSPEND_PENDING, labGroup } from './lab-states';
import type { LabRecord, LabStore } from './lab-store';
import { LabRecordKeeper } from './lab-record-keeper';
import { createLabStack, type LabStackCreateDeps } from './lab-stack-create';
import { describeLaunchPhase, type LaunchPhase } from './launch-phase';
import { waitUntilAnswering } from './readiness-probe';
import { findLive, labWaitOptions, stackEventProgress, waitOutInProgress, type LabWaitOptions } from './stack-steps';

/** What a lab operation gets from the job that runs it. */
export interface LabOperationContext {
  readonly signal: AbortSignal;
  progress(update: { fraction?: number; message: string }): void;
}

export interface LabEngineDeps {
  readonly store: LabStore;
  readonly secrets: SecretStore;
  readonly courses: { manifest(id: string): CourseManifest; courseDir(id: string): string };
  readonly clouds: LabClouds;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Told after every change of a lab record (the UI bridge, the policies). */
  readonly onChange?: (lab: LabRecord) => void;
  /** Checked before a new launch or a resume; throws (UsageLimitError) to block it. */
  readonly beforeLaunch?: (courseId: string, userId: string) => void;
  /** The course's hook scripts (before suspend, after resume, before delete); they never block the action. */
  readonly hooks?: LabHookRunner;
}

export class LabTimeoutSignal extends Error {}

/**
 * The lab lifecycle: every operation converges on the cloud's real state and is safe to run twice
 * (a retry, a second process, a restart after kill -9). Heat is the source of truth; the record
 * follows it. Cleanup depends on the phase that failed: a failed create is deleted, a failed
 * resume is suspended again.
 */
export class LabEngine {
  private readonly logger: Logger;
  private readonly records: LabRecordKeeper;
  private readonly creating: LabStackCreateDeps;

  constructor(private readonly deps: LabEngineDeps) {
    this.logger = (deps.logger ?? silentLogger).child('labs');
    this.records = new LabRecordKeeper(deps);
    this.creating = { courses: deps.courses, records: this.records, clock: deps.clock };
  }

  /** Launch or resume. `resumeOnly` refuses to create a lab that does not exist. */
  async launch(courseId: string, ctx: LabOperationContext, options: { resumeOnly?: boolean } = {}): Promise<LabRecord> {
    const manifest = this.deps.courses.manifest(courseId);
    const lab = requireLab(manifest);
    const existing = this.deps.store.latestForCourse(courseId);
    // Sticky: once a stack exists, or a create was sent (its answer may have been lost with a crash),
    // the lab stays on that cloud, whatever the fallback order says now.
    const sticky =
      existing?.creatingOn ??
      (existing?.provider && existing.stackId && existing.state !== 'DELETE_COMPLETE' ? existing.provider : undefined);
    const preference = providerOrder(lab, this.deps.clouds.providers());
    if (!sticky && preference.missing.length) {
      const message = `The course prefers the cloud${preference.missing.length === 1 ? '' : 's'} ${preference.missing.map((c) => `"${c}"`).join(', ')}, which you do not have; trying ${preference.order.map((c) => `"${c}"`).join(', ') || 'none'}`;
      this.logger.info('course clouds missing', { courseId, missing: preference.missing, order: preference.order });
      ctx.progress({ message });
    }
    const candidates = sticky ? [sticky] : preference.order;
    const tried: string[] = [];
    let lastFailure: Error | undefined;
    for (const provider of candidates) {
      const conn = await this.deps.clouds.connection(provider);
      // Nothing is written or sent to a cloud (this one, or the next after a failed create) before
      // Keystone gave a token and Heat answered with it: a refused login stops here, lab untouched.
      const userId = (await conn.keystone.token()).user.id;
      const stackName = labStackName(courseId, userId);
      const found = await findLive(conn.heat, stackName, ctx.signal);
      // A resume runs up hours like a launch: the usage limit applies to both.
      if (found?.status.startsWith('SUSPEND_')) this.deps.beforeLaunch?.(courseId, userId);
      if (!found) {
        if (options.resumeOnly)
          throw new PermanentJobError(
            `The lab of course "${courseId}" does not exist on cloud "${provider}": launch it instead.`,
            'not_found',
          );
        this.deps.beforeLaunch?.(courseId, userId);
        if (!this.hasRoom(conn, provider, courseId, userId)) {
          tried.push(provider);
          continue;
        }
      }
      let record = this.deps.store.ensure({ courseId, userId, stackName, provider, state: LAUNCH_PENDING }, this.deps.clock.now());
      if (record.provider !== provider) record = this.records.save(record, { provider }, found ? 'running' : 'not-running');
      try {
        return await this.converge(conn, manifest, lab, record, found, ctx);
      } catch (error) {
        if (error instanceof LabCreateFailedError && !sticky) {
          tried.push(provider);
          lastFailure = error;
          this.logger.warn('create failed; trying the next cloud', { provider, reason: error.heatReason });
          continue;
        }
        throw error;
      }
    }
    throw lastFailure ?? new NoCapacityError(tried);
  }

  /**
   * The clouds a reset acts on: the one holding the lab now (its delete) and the one a new lab goes
   * to first (the launch after it; the old stack is gone then, so nothing is sticky).
   */
  cloudsForReset(courseId: string): string[] {
    const lab = requireLab(this.deps.courses.manifest(courseId));
    const record = this.deps.store.latestForCourse(courseId);
    const holding =
      record && record.state !== 'DELETE_COMPLETE' && (record.stackId || record.creatingOn) ? (record.creatingOn ?? record.provider) : null;
    const target = providerOrder(lab, this.deps.clouds.providers()).order[0];
    if (!target) throw new NoCapacityError([]);
    return [...new Set([...(holding ? [holding] : []), target])];
  }

  /**
   * Reads the lab's stack from Heat (by name) and makes the record say what the cloud says, for a
   * lab someone else acted on: an instructor's suspend, resume or delete, the reaper, the cloud's
   * console. Changes nothing in the cloud. Call it only while no job of this lab runs.
   */
  async observe(courseId: string, signal: AbortSignal): Promise<LabRecord | undefined> {
    const record = this.deps.store.latestForCourse(courseId);
    if (!record?.provider || record.state === 'DELETE_COMPLETE' || !(record.stackId || record.creatingOn)) return record;
    const conn = await this.deps.clouds.connection(record.creatingOn ?? record.provider);
    const stack = await findLive(conn.heat, record.stackName, signal);
    if (!stack) return this.records.markGone(record);
    if (stack.status === record.state && stack.ref.id === record.stackId) return record;
    this.logger.info('the lab changed outside this process', { courseId, was: record.state, now: stack.status });
    return this.records.follow(record, stack);
  }

  async suspend(courseId: string, ctx: LabOperationContext): Promise<LabRecord | undefined> {
    const located = await this.locate(courseId, ctx);
    if (!located) return this.deps.store.latestForCourse(courseId);
    let { record, stack } = located;
    const { conn } = located;
    if (stack.statusPart === 'IN_PROGRESS') {
      ctx.progress({ message: `Waiting for Heat to finish ${stack.action.toLowerCase()}` });
      const settled = await waitOutInProgress(conn.heat, stack, this.stepOptions(ctx));
      if (!settled) return this.records.markGone(record);
      stack = settled;
    }
    if (stack.status === 'SUSPEND_COMPLETE') return this.records.markSuspended(record, stack);
    await this.runHook('before-suspend', record, ctx);
    record = this.records.save(record, { state: SUSPEND_PENDING, ready: false }, 'running');
    ctx.progress({ fraction: 0.1, message: 'Suspending the lab' });
    const done = await conn.stacks.suspend(stack.ref, {
      ...this.stepOptions(ctx),
      afterPost: () => crashPoint('after-suspend-post'),
    });
    return this.records.markSuspended(record, done);
  }

  async delete(courseId: string, ctx: LabOperationContext): Promise<LabRecord | undefined> {
    const located = await this.locate(courseId, ctx);
    if (!located) return this.deps.store.latestForCourse(courseId);
    const { conn, stack } = located;
    let { record } = located;
    await this.runHook('before-delete', record, ctx);
    record = this.records.save(record, { state: DELETE_PENDING, ready: false }, 'running');
    ctx.progress({ fraction: 0.1, message: 'Deleting the lab' });
    // The stack as just read (or as its running action left it) is the delete's starting point.
    const settled = stack.statusPart === 'IN_PROGRESS' ? await waitOutInProgress(conn.heat, stack, this.stepOptions(ctx)) : stack;
    if (settled) await conn.stacks.delete(settled, { ...this.stepOptions(ctx), afterPost: () => crashPoint('after-delete-post') });
    return this.records.markGone(record, 'deleted');
  }

  // ---- launch ----

  private async converge(
    conn: OpenStackConnection,
    manifest: CourseManifest,
    lab: Lab,
    start: LabRecord,
    found: Stack | undefined,
    ctx: LabOperationContext,
  ): Promise<LabRecord> {
    const now = this.deps.clock.now();
    const deadline = start.launchDeadline ?? now + lab.timeouts.launch_timeout * 1000;
    let record = this.records.save(
      start,
      { state: LAUNCH_PENDING, ready: false, error: null, launchDeadline: deadline, courseVersion: manifest.version },
      found && found.status !== 'SUSPEND_COMPLETE' ? 'running' : 'not-running',
    );
    const timer = new AbortController();
    const timedOut = new AbortController();
    void this.deps.clock.sleep(Math.max(0, deadline - now), timer.signal).then(
      () => timedOut.abort(new LabTimeoutSignal('launch_timeout')),
      () => undefined,
    );
    const signal = AbortSignal.any([ctx.signal, timedOut.signal]);
    const inner: LabOperationContext = { signal, progress: (u) => ctx.progress(u) };
    let phase: LaunchPhase = { step: 'looking-up' };
    let stack = found;
    let resumed = false;
    try {
      for (let round = 0; ; round++) {
        if (round > 20)
          throw new PermanentJobError(`The lab of course "${manifest.id}" did not settle (last state ${stack?.status ?? 'none'}).`);
        if (!stack) {
          phase = { step: 'creating' };
          try {
            stack = await createLabStack(this.creating, conn, manifest, lab, record, inner);
          } catch (error) {
            // 409: the name is taken — by our own stack (another process created it meanwhile) or,
            // for a moment after a delete, by the deleted one. Look again rather than fail.
            if (!(error instanceof HeatError && error.status === 409)) throw error;
            await this.deps.clock.sleep(500, signal);
            stack = await findLive(conn.heat, record.stackName, signal);
          }
          continue;
        }
        if (stack.statusPart === 'IN_PROGRESS') {
          phase = { step: 'waiting-out', action: stack.action };
          inner.progress({ fraction: 0.2, message: `Waiting for Heat to finish ${stack.action.toLowerCase()}` });
          stack = await waitOutInProgress(conn.heat, stack, this.stepOptions(inner));
          continue;
        }
        if (labGroup(stack.status) === 'up') break;
        if (stack.status === 'SUSPEND_COMPLETE' || stack.status === 'SUSPEND_FAILED' || stack.status === 'RESUME_FAILED') {
          phase = { step: 'resuming' };
          stack = await this.resume(conn, record, stack, inner);
          resumed = true;
          continue;
        }
        // A create that failed before a crash (CREATE_FAILED, ROLLBACK_*), or a failed delete: clear it and start over.
        phase = { step: 'removing-failed' };
        inner.progress({ fraction: 0.1, message: `Removing a stack left in ${stack.status}` });
        await conn.stacks.delete(stack.ref, this.stepOptions(inner));
        stack = undefined;
      }
      phase = { step: 'awaiting-answer' };
      record = this.records.save(record, { stackId: stack.ref.id, state: stack.status, creatingOn: null }, 'running');
      record = await this.records.storeOutputs(record, manifest, stack);
      inner.progress({ fraction: 0.9, message: 'Waiting for the lab to answer' });
      const endpoints = lab.connections.map((c) => ({
        ...endpointOf(c, { ...record.outputs, ...stack!.outputs }),
        kind: c.protocol === 'ssh' ? ('ssh' as const) : ('tcp' as const),
      }));
      await waitUntilAnswering(endpoints, { clock: this.deps.clock, signal });
      const readyAt = this.deps.clock.now();
      record = this.records.save(
        record,
        {
          ready: true,
          launchDeadline: null,
          suspendBy: readyAt + lab.timeouts.suspend_timeout * 1000,
          deleteBy: null,
          lastActivityAt: readyAt,
        },
        'running',
      );
      if (resumed) await this.runHook('after-resume', record, inner);
      inner.progress({ fraction: 1, message: 'Lab ready' });
      return record;
    } catch (error) {
      if (timedOut.signal.aborted && !ctx.signal.aborted) {
        await this.cleanUpAfterTimeout(conn, record, phase);
        const where = describeLaunchPhase(phase);
        this.records.save(
          this.records.refresh(record),
          { state: LAUNCH_TIMEOUT, error: `Not ready within launch_timeout (while ${where}).`, launchDeadline: null },
          'not-running',
        );
        throw new LabLaunchTimeoutError(manifest.id, lab.timeouts.launch_timeout, phase);
      }
      throw error;
    } finally {
      timer.abort();
    }
  }

  private async resume(conn: OpenStackConnection, record: LabRecord, stack: Stack, ctx: LabOperationContext): Promise<Stack> {
    ctx.progress({ fraction: 0.1, message: 'Resuming the lab' });
    try {
      return await conn.stacks.resume(stack.ref, {
        ...this.stepOptions(ctx),
        onEvent: stackEventProgress((update) => ctx.progress(update), 'RESUME', 0),
        afterPost: () => crashPoint('after-resume-post'),
      });
    } catch (error) {
      if (!(error instanceof StackActionFailedError)) throw error;
      const reason = error.statusReason ?? error.message;
      // Never delete a learner's work because a resume failed: put it back to sleep.
      this.records.save(this.records.refresh(record), { state: LAUNCH_ERROR, error: reason }, 'running');
      await conn.stacks
        .suspend(stack.ref, this.stepOptions(ctx))
        .catch((e: unknown) =>
          this.logger.error('could not suspend the lab again after a failed resume', { stack: stack.ref.name, error: String(e) }),
        );
      const after = await findLive(conn.heat, stack.ref, ctx.signal);
      this.records.save(
        this.records.refresh(record),
        { state: after?.status === 'SUSPEND_COMPLETE' ? 'SUSPEND_COMPLETE' : LAUNCH_ERROR, error: reason, launchDeadline: null },
        after?.status === 'SUSPEND_COMPLETE' ? 'not-running' : 'running',
      );
      throw new LabResumeFailedError(reason);
    }
  }

  private async cleanUpAfterTimeout(conn: OpenStackConnection, started: LabRecord, phase: LaunchPhase): Promise<void> {
    const record = this.records.refresh(started);
    // By name when a create was sent but its answer (the id) never came.
    const where = record.stackId ? { name: record.stackName, id: record.stackId } : record.creatingOn ? record.stackName : undefined;
    const stack = where ? await findLive(conn.heat, where, new AbortController().signal).catch(() => undefined) : undefined;
    if (!stack) return;
    const quiet = labWaitOptions(AbortSignal.timeout(120_000), this.deps.clock);
    try {
      if (phase.step === 'resuming') await conn.stacks.suspend(stack.ref, quiet);
      else if (phase.step === 'creating') {
        await conn.stacks.delete(stack.ref, quiet);
        this.records.save(this.records.refresh(record), { stackId: null, creatingOn: null }, 'not-running');
      }
    } catch (error) {
      this.logger.error('cleanup after a launch timeout failed', { stack: stack.ref.name, error: String(error) });
    }
  }

  // ---- helpers ----

  /** A hook's failure is the runner's to report; nothing it does may stop the lab operation. */
  private async runHook(phase: HookPhase, record: LabRecord, ctx: LabOperationContext): Promise<void> {
    if (!this.deps.hooks) return;
    try {
      await this.deps.hooks.run(phase, record, { progress: (message) => ctx.progress({ message }), signal: ctx.signal });
    } catch (error) {
      this.logger.error('hook runner failed', { phase, courseId: record.courseId, error: String(error) });
    }
  }

  private hasRoom(conn: OpenStackConnection, provider: string, courseId: string, userId: string): boolean {
    const capacity = conn.cloud.labConsole.capacity ?? -1;
    if (capacity === -1) return true;
    if (capacity === 0) return false;
    const mine = this.deps.store.get(courseId, userId);
    const counted = mine?.provider === provider && mine.stackId && mine.state !== 'DELETE_COMPLETE' ? 1 : 0;
    return this.deps.store.countOnProvider(provider) - counted < capacity;
  }

  private async locate(
    courseId: string,
    ctx: LabOperationContext,
  ): Promise<{ conn: OpenStackConnection; record: LabRecord; stack: Stack } | undefined> {
    const record = this.deps.store.latestForCourse(courseId);
    if (!record?.provider) return undefined;
    const conn = await this.deps.clouds.connection(record.provider);
    // By name: a stack made by a create whose answer was lost (no id recorded) is found too.
    const stack = await findLive(conn.heat, record.stackName, ctx.signal);
    if (!stack) {
      this.records.markGone(record, record.state === DELETE_PENDING ? 'deleted' : undefined);
      return undefined;
    }
    return {
      conn,
      record: record.stackId === stack.ref.id ? record : this.records.save(record, { stackId: stack.ref.id }, 'running'),
      stack,
    };
  }

  private stepOptions(ctx: LabOperationContext): LabWaitOptions {
    return labWaitOptions(ctx.signal, this.deps.clock);
  }
}

function requireLab(manifest: CourseManifest): Lab {
  if (!manifest.lab) throw new PermanentJobError(`Course "${manifest.id}" has no lab (no lab: section in its course.yaml).`, 'no_lab');
  if (manifest.lab.refuse_launch)
    throw new PermanentJobError(`The lab of course "${manifest.id}" cannot be launched: ${manifest.lab.refuse_launch}`, 'unsupported');
  return manifest.lab;
}
