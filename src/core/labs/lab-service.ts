import type { CourseManifest } from '../../shared/course/course-manifest';
import type { LabActivity, LabCostView, LabNotice, LabView } from '../../shared/labs';
import type { JobRecord } from '../../shared/jobs';
import { JobQueue } from '../jobs/job-queue';
import { JobRegistry, type AnyJobDefinition } from '../jobs/job-registry';
import type { JobWorker, JobWorkerOptions } from '../jobs/job-worker';
import { silentLogger, type Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import type { LabClouds } from './lab-clouds';
import { CheckHistory } from './checks/check-history';
import { LabChecks } from './checks/lab-checks';
import { LabConnections } from './lab-connections';
import { LabEngine } from './lab-engine';
import { LabHooks } from './lab-hooks';
import { ratesFor, readLabCost } from './lab-cost';
import { LabSsh } from './lab-ssh';
import { courseOfLabJob, labJobDefinitions, labJobKey, type LabJobDefinitions, type LabJobType } from './lab-jobs';
import { LabStore, type LabRecord } from './lab-store';
import { LabPolicies, type UsageLimit } from './policies/lab-policies';
import { reconcileLabs, type ReconcileReport } from './reconcile';

export interface LabServiceOptions {
  readonly db: Db;
  readonly secrets: SecretStore;
  readonly courses: { manifest(id: string): CourseManifest; courseDir(id: string): string };
  readonly clouds: LabClouds;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** A function is read at each check, so a limit changed in Settings applies at once. */
  readonly usageLimit?: UsageLimit | (() => UsageLimit | undefined);
  readonly worker?: JobWorkerOptions;
  /** Other job types this process runs beside the lab's. */
  readonly extraJobs?: readonly AnyJobDefinition[];
  readonly onView?: (view: LabView) => void;
  readonly onNotice?: (notice: LabNotice) => void;
}

/** The lab engine, its job queue and its policies, built once per process (app, CLI, browser mode). */
export class LabService {
  readonly store: LabStore;
  readonly engine: LabEngine;
  readonly queue: JobQueue;
  readonly policies: LabPolicies;
  readonly connections: LabConnections;
  /** SSH into the lab's machines with the app's pinned host keys (CLI `lab ssh`/`lab exec`, checks, hooks). */
  readonly ssh: LabSsh;
  readonly checks: LabChecks;
  readonly checkHistory: CheckHistory;
  private readonly jobs: LabJobDefinitions;
  private worker: JobWorker | undefined;
  private policyTimer: AbortController | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: LabServiceOptions) {
    this.logger = (options.logger ?? silentLogger).child('labs');
    this.store = new LabStore(options.db);
    this.policies = new LabPolicies({
      store: this.store,
      clock: options.clock,
      manifest: (id) => this.manifestOrUndefined(id),
      request: (type, courseId) => void this.request(type, courseId),
      notify: options.onNotice,
      get usageLimit() {
        return typeof options.usageLimit === 'function' ? options.usageLimit() : options.usageLimit;
      },
    });
    this.connections = new LabConnections({ store: this.store, secrets: options.secrets, manifest: (id) => options.courses.manifest(id) });
    this.ssh = new LabSsh({
      connections: this.connections,
      manifest: (id) => options.courses.manifest(id),
      db: options.db,
      clock: options.clock,
      logger: this.logger,
    });
    this.checkHistory = new CheckHistory(options.db);
    this.checks = new LabChecks({
      ssh: this.ssh,
      store: this.store,
      history: this.checkHistory,
      courses: options.courses,
      clock: options.clock,
      activity: (courseId) => this.policies.activity(courseId),
      logger: this.logger,
    });
    this.engine = new LabEngine({
      store: this.store,
      secrets: options.secrets,
      courses: options.courses,
      clouds: options.clouds,
      clock: options.clock,
      logger: options.logger,
      onChange: (lab) => this.publish(lab.courseId),
      beforeLaunch: (courseId, userId) => this.policies.checkUsage(courseId, userId),
      hooks: new LabHooks({ ssh: this.ssh, courses: options.courses, clock: options.clock, notify: options.onNotice, logger: this.logger }),
    });
    this.jobs = labJobDefinitions(() => this.engine);
    const registry = new JobRegistry([...Object.values(this.jobs), ...(options.extraJobs ?? [])]);
    this.queue = new JobQueue({ db: options.db, registry, clock: options.clock, logger: options.logger });
    this.queue.on((event) => {
      const courseId = courseOfLabJob(event.job);
      if (courseId) this.publish(courseId);
    });
  }

  /** Enqueues (or joins) a lab job. A launch or resume first cancels a queued idle suspend of the same lab. */
  request(type: LabJobType, courseId: string): JobRecord {
    if (type === 'lab.launch' || type === 'lab.resume') {
      for (const job of this.queue.jobsOfKey(labJobKey(courseId), { statuses: ['queued'], type: 'lab.suspend' })) this.queue.cancel(job.id);
    }
    return this.queue.enqueue(this.jobs[type], { courseId }).job;
  }

  /** Runs jobs and the timed policies in this process until stop(). */
  start(options: { policyEveryMs?: number } = {}): void {
    if (this.worker) return;
    this.worker = this.queue.worker(this.options.worker);
    this.worker.start();
    this.policyTimer = new AbortController();
    const signal = this.policyTimer.signal;
    void (async () => {
      while (!signal.aborted) {
        try {
          this.policies.tick();
        } catch (error) {
          this.logger.error('lab policies failed', { error: String(error) });
        }
        await this.options.clock.sleep(options.policyEveryMs ?? 5_000, signal).catch(() => undefined);
      }
    })();
  }

  get started(): boolean {
    return this.worker !== undefined;
  }

  reconcile(): Promise<ReconcileReport> {
    return reconcileLabs({
      store: this.store,
      clouds: this.options.clouds,
      clock: this.options.clock,
      request: (type, courseId) => void this.request(type, courseId),
      knownCourse: (id) => this.manifestOrUndefined(id) !== undefined,
      logger: this.logger,
    });
  }

  /** Quit: ask every running lab to suspend, give the jobs `graceMs` to finish, hand back the rest. */
  async stop(options: { suspendLabs?: boolean; graceMs?: number } = {}): Promise<void> {
    if (options.suspendLabs) this.policies.suspendAll();
    this.policyTimer?.abort();
    if (this.worker && options.suspendLabs) {
      const end = this.options.clock.now() + (options.graceMs ?? 10_000);
      while (this.options.clock.now() < end && this.queue.list({ statuses: ['queued', 'running'], type: 'lab.suspend' }).length > 0) {
        await this.options.clock.sleep(100);
      }
    }
    await this.worker?.drain(options.graceMs ?? 10_000);
    this.worker = undefined;
    await this.options.clouds.close();
  }

  view(courseId: string): LabView {
    const lab = this.store.latestForCourse(courseId) ?? null;
    return {
      courseId,
      lab: lab && publicStatus(lab),
      activity: this.activity(courseId),
      usage: this.policies.usage(lab?.userId),
      update: this.versionUpdate(lab),
    };
  }

  /**
   * What the learner's lab of a course cost this month and costs per hour now, from its Heat events
   * (the same computation as the instructor's dashboard and `cohort report`). Never throws: a cloud
   * that cannot be asked is said in `problem`.
   */
  async cost(courseId: string, signal?: AbortSignal): Promise<LabCostView> {
    const lab = this.store.latestForCourse(courseId);
    if (!lab?.stackId || !lab.provider || lab.state === 'DELETE_COMPLETE')
      return { courseId, cost: null, problem: 'No lab now: nothing is billed.' };
    try {
      const connection = await this.options.clouds.connection(lab.provider);
      const found = ratesFor(this.manifestOrUndefined(courseId), lab.provider, connection.cloud.labConsole.rates);
      const stack = { name: lab.stackName, id: lab.stackId, createdAt: new Date(lab.createdAt).toISOString() };
      const cost = await readLabCost(connection.heat, stack, found, () => this.options.clock.now(), { signal });
      return {
        courseId,
        cost,
        problem: found ? null : `No rates are set for the cloud "${lab.provider}": hours are counted, not priced.`,
      };
    } catch (error) {
      this.logger.warn('could not read the cost of a lab', { courseId, error: String(error) });
      return { courseId, cost: null, problem: `The cloud "${lab.provider}" could not be asked: ${(error as Error).message}` };
    }
  }

  /** A lab keeps the stack of the course version it was made from; a newer import offers a reset. */
  private versionUpdate(lab: LabRecord | null): LabView['update'] {
    if (!lab?.courseVersion || !lab.stackId || lab.state === 'DELETE_COMPLETE') return null;
    const current = this.manifestOrUndefined(lab.courseId)?.version;
    return current && current !== lab.courseVersion ? { labVersion: lab.courseVersion, courseVersion: current } : null;
  }

  private activity(courseId: string): LabActivity | null {
    // The newest job still to run (a suspend queued behind a running launch), else the newest that ran.
    const key = labJobKey(courseId);
    const job = this.queue.jobsOfKey(key, { statuses: ['queued', 'running'], limit: 1 })[0] ?? this.queue.latestOfKey(key);
    if (!job) return null;
    return {
      jobId: job.id,
      type: job.type,
      status: job.status,
      fraction: job.progress?.fraction ?? null,
      message: job.progress?.message ?? null,
      error: job.status === 'succeeded' ? null : (job.error?.message ?? null),
    };
  }

  private publish(courseId: string): void {
    if (!this.options.onView) return;
    try {
      this.options.onView(this.view(courseId));
    } catch (error) {
      this.logger.warn('could not publish a lab change', { error: String(error) });
    }
  }

  private manifestOrUndefined(id: string): CourseManifest | undefined {
    try {
      return this.options.courses.manifest(id);
    } catch {
      return undefined;
    }
  }
}

function publicStatus(lab: LabRecord): LabView['lab'] {
  const { courseVersion: _v, launchDeadline: _l, lastActivityAt: _t, creatingOn: _c, ...status } = lab;
  return status;
}
