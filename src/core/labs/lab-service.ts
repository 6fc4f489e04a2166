import type { CourseManifest } from '../../shared/course/course-manifest';
import type { LabCostView, LabNotice, LabView } from '../../shared/labs';
import type { CloudHealth } from '../../shared/openstack/cloud-health';
import type { JobRecord } from '../../shared/jobs';
import { JobQueue } from '../jobs/job-queue';
import { JobRegistry, type AnyJobDefinition } from '../jobs/job-registry';
import type { JobWorker, JobWorkerOptions } from '../jobs/job-worker';
import { silentLogger, type Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import { proveClouds } from './cloud-proof';
import type { LabClouds } from './lab-clouds';
import { CheckHistory } from './checks/check-history';
import { LabChecks, type LabCourses } from './checks/lab-checks';
import { LabConnections } from './lab-connections';
import { LabEngine } from './lab-engine';
import { LabHooks } from './lab-hooks';
import { learnerLabCost } from './lab-cost';
import { LabSsh } from './lab-ssh';
import { ActivityJournal } from './activity-journal';
import { courseOfLabJob, labJobDefinitions, labJobKey, type LabJobDefinitions, type LabJobType } from './lab-jobs';
import { LabStore, type LabRecord } from './lab-store';
import { labActivity, publicStatus, viewSignature } from './lab-view-parts';
import { LabPolicies, type UsageLimit } from './policies/lab-policies';
import { reconcileLabs, type ReconcileReport } from './reconcile';

export interface LabServiceOptions {
  readonly db: Db;
  readonly secrets: SecretStore;
  readonly courses: LabCourses;
  readonly clouds: LabClouds;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** A function is read at each check, so a limit changed in Settings applies at once. */
  readonly usageLimit?: UsageLimit | (() => UsageLimit | undefined);
  readonly worker?: JobWorkerOptions;
  /**
   * How old (ms) what this process last heard from Heat about a lab may be before an action on the
   * lab (a terminal, exec, ssh, a check, a status) reads the stack again; read at each action, so a
   * change in Settings applies at once. Default 5 s.
   */
  readonly stateMaxAgeMs?: () => number | undefined;
  /** Other job types this process runs beside the lab's. */
  readonly extraJobs?: readonly AnyJobDefinition[];
  readonly onView?: (view: LabView) => void;
  readonly onNotice?: (notice: LabNotice) => void;
  /** How often the learner's activity is written on the running labs (default 60 s). */
  readonly activityFlushMs?: number;
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
  /** The learner's stretches of work, written on the lab host for the instructor (activity-journal.ts). */
  readonly activityJournal: ActivityJournal;
  private readonly jobs: LabJobDefinitions;
  private worker: JobWorker | undefined;
  private policyTimer: AbortController | undefined;
  private watch: AbortController | undefined;
  private readonly logger: Logger;
  /** When this process last heard from Heat about each course's lab (a job's save, or followCloud). */
  private readonly heardAt = new Map<string, number>();
  /** Why the last look at the cloud about a course's lab told nothing (cleared by the next answer). */
  /** What this process last published of each course's lab (viewSignature), to see another process's changes. */
  private readonly published = new Map<string, string>();

  constructor(private readonly options: LabServiceOptions) {
    this.logger = (options.logger ?? silentLogger).child('labs');
    this.store = new LabStore(options.db);
    this.policies = new LabPolicies({
      store: this.store,
      clock: options.clock,
      manifest: (id) => this.manifestOrUndefined(id),
      request: (type, courseId) => void this.request(type, courseId),
      notify: options.onNotice,
      onClockChange: (courseId) => this.publish(courseId),
      onActivity: (courseId, at) => this.activityJournal.note(courseId, at),
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
    this.activityJournal = new ActivityJournal({ open: (courseId) => this.ssh.open(courseId), logger: this.logger });
    this.checkHistory = new CheckHistory(options.db);
    this.checks = new LabChecks({
      ssh: this.ssh,
      store: this.store,
      history: this.checkHistory,
      courses: options.courses,
      clock: options.clock,
      activity: (courseId) => this.policies.activity(courseId),
      followCloud: (courseId) => this.followCloud(courseId),
      logger: this.logger,
    });
    this.engine = new LabEngine({
      store: this.store,
      secrets: options.secrets,
      courses: options.courses,
      clouds: options.clouds,
      clock: options.clock,
      logger: options.logger,
      onChange: (lab) => {
        this.heardAt.set(lab.courseId, options.clock.now());
        this.publish(lab.courseId);
      },
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
    // A cloud that stops (or starts again) answering changes what every lab on it can claim.
    options.clouds.onHealthChange?.((health) => {
      for (const lab of this.store.list()) if (lab.provider === health.cloud) this.publish(lab.courseId);
    });
  }

  /** Enqueues (or joins) a lab job. A launch or resume first cancels a queued idle suspend of the same lab. */
  request(type: LabJobType, courseId: string): JobRecord {
    // What the learner did up to a suspend reaches the lab before it sleeps (the write is quicker than Heat's suspend).
    if (type === 'lab.suspend') void this.activityJournal.flush(courseId, this.options.clock.now());
    if (type === 'lab.launch' || type === 'lab.resume') {
      for (const job of this.queue.jobsOfKey(labJobKey(courseId), { statuses: ['queued'], type: 'lab.suspend' })) this.queue.cancel(job.id);
    }
    return this.queue.enqueue(this.jobs[type], { courseId }).job;
  }

  /**
   * Before acting on a lab (a terminal, exec, ssh, a check, a status), makes its record follow the
   * cloud when what this process knows is older than the setting (5 s): an instructor's suspend or
   * delete is seen at once. While a job of the lab runs, the job is the one talking to Heat. A cloud
   * that does not answer leaves the record as it was; the action then fails, or not, on its own.
   */
  async followCloud(courseId: string): Promise<LabRecord | undefined> {
    const record = this.store.latestForCourse(courseId);
    if (!record) return undefined;
    const now = this.options.clock.now();
    const heard = this.heardAt.get(courseId);
    if (heard !== undefined && now - heard < (this.options.stateMaxAgeMs?.() ?? 5_000)) return record;
    if (this.queue.jobsOfKey(labJobKey(courseId), { statuses: ['running'], limit: 1 }).length > 0) return record;
    const deadline = AbortSignal.timeout(FOLLOW_CLOUD_MS);
    const observed = this.engine.observe(courseId, deadline).then((seen) => {
      this.heardAt.set(courseId, now);
      return seen;
    });
    // A slow or silent cloud must not hold a terminal or a command: past the deadline, the record it is.
    const late = new Promise<'late'>((resolve) => deadline.addEventListener('abort', () => resolve('late'), { once: true }));
    try {
      const seen = await Promise.race([observed, late]);
      if (seen !== 'late') return seen;
      this.logger.warn('the cloud did not tell the lab state in time; acting on the record', { courseId, waitedMs: FOLLOW_CLOUD_MS });
    } catch (error) {
      // The cloud's health record has heard why (view.cloud), and the screens with it.
      this.logger.warn('could not read the lab from the cloud; acting on the record', { courseId, error: String(error) });
    }
    observed.catch(() => undefined);
    return this.store.latestForCourse(courseId);
  }

  /**
   * Before a reset (which deletes the learner's work), proves every cloud it acts on (proveClouds):
   * nothing is queued or deleted unless each answers.
   */
  proveReset(courseId: string): Promise<void> {
    return proveClouds(this.engine.cloudsForReset(courseId), (name) => this.options.clouds.connection(name), 'reset');
  }

  /**
   * Stops the lab's queued and running jobs: a queued one at once, a running one at its next step
   * (its requests are aborted). What the cloud already received still happens there.
   */
  cancel(courseId: string): LabView {
    for (const job of this.queue.jobsOfKey(labJobKey(courseId), { statuses: ['queued', 'running'] })) this.queue.cancel(job.id);
    return this.view(courseId);
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
    void this.activityJournal.sweepEvery(
      this.options.activityFlushMs ?? 60_000,
      this.options.clock,
      signal,
      (courseId) => this.store.latestForCourse(courseId)?.group === 'up',
    );
  }

  /**
   * What a long-running mode (the desktop app, browser mode) does for every lab in its data folder:
   * reconcile with the cloud, then run the worker and the idle rules — at once when the folder holds
   * a lab, else as soon as one appears (launched by the CLI, or by another process). A launch in
   * this process starts them anyway. Then, every `pollMs`, a lab another process changed (the CLI
   * suspended it, ran a job of it, deleted it) is published as if this process had changed it, so
   * the screens showing it follow. The CLI's one-shot commands never call this.
   */
  watchLabs(options: { pollMs?: number } = {}): void {
    if (this.watch) return;
    this.watch = new AbortController();
    const signal = this.watch.signal;
    void (async () => {
      while (!signal.aborted) {
        try {
          if (!this.started && this.store.list().length > 0) this.startWatching();
          this.publishChangedElsewhere();
        } catch (error) {
          this.logger.warn('could not look at the labs of this data folder', { error: String(error) });
        }
        await this.options.clock.sleep(options.pollMs ?? 2_000, signal).catch(() => undefined);
      }
    })();
  }

  private startWatching(): void {
    this.logger.info('watching the labs of this data folder', { labs: this.store.list().length });
    // Start-up reconcile (the cloud is the source of truth), then the worker and the idle rules.
    void this.reconcile().catch((error: unknown) => this.logger.warn('could not reconcile labs with the cloud', { error: String(error) }));
    this.start();
  }

  /** Publishes every lab whose view differs from what this process last published of it. */
  private publishChangedElsewhere(): void {
    const courses = new Set([...this.published.keys(), ...this.store.list().map((lab) => lab.courseId)]);
    for (const courseId of courses) {
      if (this.published.get(courseId) !== viewSignature(this.view(courseId))) this.publish(courseId);
    }
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
    this.watch?.abort();
    this.policyTimer?.abort();
    if (this.worker && options.suspendLabs) {
      const end = this.options.clock.now() + (options.graceMs ?? 10_000);
      while (this.options.clock.now() < end && this.queue.list({ statuses: ['queued', 'running'], type: 'lab.suspend' }).length > 0) {
        await this.options.clock.sleep(100);
      }
    }
    await this.worker?.drain(options.graceMs ?? 10_000);
    this.worker = undefined;
    this.activityJournal.close();
    await this.options.clouds.close();
  }

  view(courseId: string): LabView {
    const lab = this.store.latestForCourse(courseId) ?? null;
    return {
      courseId,
      lab: lab && publicStatus(lab),
      activity: labActivity(this.queue, courseId),
      usage: this.policies.usage(lab?.userId),
      update: this.versionUpdate(lab),
      clock: lab ? this.policies.clock(lab) : null,
      cloud: this.cloudHealth(lab),
    };
  }

  /** The health of the lab's cloud, or of the cloud a new lab would try first. */
  private cloudHealth(lab: LabRecord | null): CloudHealth | null {
    let cloud = lab?.provider ?? undefined;
    try {
      cloud ??= this.options.clouds.providers()[0];
    } catch {
      // A clouds.yaml that cannot be read names no cloud: launching says why.
    }
    return (cloud && this.options.clouds.health?.(cloud)) || null;
  }

  /** What the learner's lab of a course cost this month and costs per hour now (learnerLabCost). */
  cost(courseId: string, signal?: AbortSignal): Promise<LabCostView> {
    return learnerLabCost(
      courseId,
      this.store.latestForCourse(courseId),
      {
        manifest: this.manifestOrUndefined(courseId),
        connection: (cloud) => this.options.clouds.connection(cloud),
        now: () => this.options.clock.now(),
        logger: this.logger,
      },
      signal,
    );
  }

  /** A lab keeps the stack of the course version it was made from; a newer import offers a reset. */
  private versionUpdate(lab: LabRecord | null): LabView['update'] {
    if (!lab?.courseVersion || !lab.stackId || lab.state === 'DELETE_COMPLETE') return null;
    const current = this.manifestOrUndefined(lab.courseId)?.version;
    return current && current !== lab.courseVersion ? { labVersion: lab.courseVersion, courseVersion: current } : null;
  }

  private publish(courseId: string): void {
    if (!this.options.onView) return;
    try {
      const view = this.view(courseId);
      this.published.set(courseId, viewSignature(view));
      this.options.onView(view);
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

/** How long an action waits for Heat to tell a lab's state before going on with the record. */
const FOLLOW_CLOUD_MS = 5_000;
