import type { CohortAction, CohortActResult, CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import type { LabScore } from '../../shared/cohort/cohort-scores';
import type { StackEvent } from '../../shared/openstack/stack';
import { silentLogger, type Logger } from '../log/logger';
import type { OpenStackConnection } from '../openstack/openstack-client';
import { systemClock, type Clock } from '../time/clock';
import { mapBounded } from '../courses/bounded-parallel';
import { UserFacingError } from '../api/user-error';
import { actOnLabs } from './cohort-actions';
import { checkLab, type CohortCheckDeps } from './cohort-checks';
import { UnknownLabError } from './cohort-errors';
import { reachableProjects, selectProjects, type CohortProject, type CohortSelector } from './cohort-projects';
import { groupOf, totalsOf, toRow, runningSeries } from './cohort-rows';
import { prepareNameOrder, scanCohort, type FoundLab, type ScanResult } from './cohort-scan';
import { ProjectClients } from './project-clients';
import { MemoryStackEventCache, type StackEventCache } from './stack-event-cache';
import type { CohortLocal } from './cohort-local';
import { LocalOnce } from './local-once';
import { requestsSent, type SentRequest } from '../openstack/requests-sent';
import { stackLevelEvents } from '../labs/stack-events';
import { ratesFor, type FoundRates } from '../labs/lab-cost';
import { parseLabTags } from '../labs/lab-identity';
import type { ActivityInterval } from '../../shared/labs/lab-activity';
import { labActivities } from './cohort-activity';
import { readLearnerNames, withLearnerName, type LearnerNames } from './learner-names';
import { MemoryLabActivityCache, type LabActivityCache } from './lab-activity-cache';

export interface CohortServiceOptions {
  readonly connection: OpenStackConnection;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Requests to Keystone/Heat in flight at once (default 8); a function is read at each listing (a setting changed applies at once). */
  readonly concurrency?: number | (() => number | undefined);
  /**
   * What this machine keeps for the cohort (nothing by default: no checks, caches in memory). A
   * function is called once: when first needed, or sooner, once a listing's requests to Heat are out
   * — a caller that opens its store there (the CLI: SQLite, its schema, the course library) does it
   * while Heat works, not before the first listing leaves. What it throws is thrown where it is needed.
   */
  readonly local?: CohortLocal | (() => CohortLocal);
  /** SSH sessions for progress checks at once (default 4). */
  readonly checkConcurrency?: number;
  /** How old a running lab's activity may be before a listing reads it again (default 5 min). */
  readonly activityMaxAgeMs?: number;
}

/** Heat's stack list (GET /v1/{project}/stacks?…), not a stack's own resources or events. */
const isStackListing = (request: SentRequest): boolean => request.method === 'GET' && /\/stacks(\?|$)/.test(request.path);

/** A row with the last check run of its lab (scores are kept by stack id across refreshes). */
export function withScore(row: CohortLab, score: LabScore | undefined): CohortLab {
  if (!score) return row;
  return {
    ...row,
    score: score.score ?? row.score,
    scoreDetail: {
      passed: score.passed,
      total: score.total,
      checkedAt: score.checkedAt,
      steps: score.steps.map((s) => ({
        stepId: s.stepId,
        title: s.title,
        passed: s.passed,
        total: s.total,
        ...(s.solved ? { solved: true } : {}),
      })),
      ...(score.error ? { error: score.error } : {}),
    },
  };
}

/**
 * A cohort: one course and the learner projects the instructor's credentials reach. Everything
 * here comes from the cloud (Keystone projects, Heat stacks, tags and events).
 */
export class CohortService {
  readonly clock: Clock;
  private readonly logger: Logger;
  private readonly clients: ProjectClients;
  /** The last scan's labs by stack id, so an action or an events call needs no new listing. */
  private readonly known = new Map<string, FoundLab>();
  /** The last progress-check result per stack id (the cloud does not keep scores). */
  private readonly scores = new Map<string, LabScore>();
  /** The caches when the local state has none. */
  private readonly memory = { events: new MemoryStackEventCache(), activity: new MemoryLabActivityCache() };
  /** What this machine keeps for the cohort, made at first need when given as a function. */
  private readonly localState: LocalOnce<CohortLocal>;
  /** Listings under way by course and selector: a second asker (a refresh, another window) shares the first's answer. */
  private readonly listings = new Map<string, Promise<CohortListing>>();

  constructor(private readonly options: CohortServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('cohort');
    this.clients = new ProjectClients(options.connection, { clock: this.clock, logger: this.logger });
    this.localState = new LocalOnce(options.local ?? {});
  }

  private get checks(): CohortCheckDeps | undefined {
    return this.localState.get().checks;
  }

  private get eventCache(): StackEventCache {
    return this.localState.get().eventCache ?? this.memory.events;
  }

  private get activityCache(): LabActivityCache {
    return this.localState.get().activityCache ?? this.memory.activity;
  }

  /**
   * Once `listings` requests to Heat have left (or `scanning` settled), while the main thread only
   * waits on Heat: makes the sort's collator and the local state, if it is to be made at all. A
   * failure of the local state is kept for where the state is needed.
   */
  private prepareWhileListingsOut(listings: number, scanning: Promise<unknown>): void {
    void requestsSent(listings, scanning, isStackListing).then(() => {
      prepareNameOrder();
      if (this.localState.pending) this.localState.tryMake();
    });
  }

  /** Requests in flight at once: the caller's, else 8. */
  get concurrency(): number {
    const wanted = this.options.concurrency;
    return (typeof wanted === 'function' ? wanted() : wanted) ?? 8;
  }

  /** The course as in the instructor's library; throws a user-facing error when it is not there. */
  manifest(courseId: string) {
    const checks = this.checks;
    if (!checks) throw new UserFacingError('unavailable', 'No course library here to read the course from.');
    return checks.manifest(courseId);
  }

  /** The lab rates of a course on this cloud: the course's own for it (when the course is in the library), else the cloud's. */
  ratesOf(courseId: string): FoundRates | undefined {
    // Not in the instructor's library: the cloud's rates apply.
    const manifest = this.checks?.findManifest(courseId);
    return ratesFor(manifest, this.cloudName, this.options.connection.cloud.labConsole.rates);
  }

  get cloudName(): string {
    return this.options.connection.cloud.name;
  }

  /** Lets go of the cloud's connections (the instructor chose another cloud). */
  close(): Promise<void> {
    return this.options.connection.close();
  }

  /** The cohort's projects: reachable ones, narrowed by the selector. */
  async projects(selector: CohortSelector = {}, signal?: AbortSignal): Promise<CohortProject[]> {
    if (!this.clients.canRescope) {
      // An application credential sees its own project only.
      const token = await this.options.connection.keystone.token();
      const own = token.project ? [{ id: token.project.id, name: token.project.name ?? token.project.id, tags: [] }] : [];
      return selector.namePattern ? selectProjects(own, { namePattern: selector.namePattern }) : own;
    }
    return selectProjects(await reachableProjects(this.options.connection.keystone, signal), selector);
  }

  async scan(
    courseId: string,
    selector: CohortSelector = {},
    options: { events?: boolean; signal?: AbortSignal; onListed?: (partial: ScanResult & { projects: CohortProject[] }) => void } = {},
  ): Promise<ScanResult & { projects: CohortProject[] }> {
    const projects = await this.projects(selector, options.signal);
    const onListed = options.onListed;
    const concurrency = this.concurrency;
    const scanning = scanCohort(this.clients, projects, courseId, {
      concurrency,
      events: options.events ?? true,
      // Asked once the first project with labs is listed: the local state may be made while the listings are out.
      local: () => ({ cache: this.eventCache, rates: this.ratesOf(courseId) }),
      signal: options.signal,
      onListed: (labs: readonly FoundLab[], problems: ScanResult['problems']) => {
        // The labs shown early can be acted on before their events are in.
        for (const lab of labs) this.known.set(lab.summary.id, lab);
        onListed?.({ labs: [...labs], problems, projects });
      },
    });
    // Every project's listing goes to the bound first: this many are out at once before any answer is needed.
    this.prepareWhileListingsOut(Math.min(projects.length, concurrency), scanning);
    const result = await scanning;
    for (const lab of result.labs) this.known.set(lab.summary.id, lab);
    for (const problem of result.problems) this.logger.warn('a learner project could not be read', problem);
    return { ...result, projects };
  }

  /**
   * Every lab of the course with what its events tell. `onStates` gets the labs and their states
   * as soon as they are listed, before their events are read.
   * Without a signal or checks, askers at the same time share one listing (and its `onStates`).
   */
  list(
    courseId: string,
    selector: CohortSelector = {},
    signal?: AbortSignal,
    options: { checks?: boolean; onStates?: (partial: CohortListing) => void; month?: string } = {},
  ): Promise<CohortListing> {
    if (signal || options.checks || options.month) return this.listNow(courseId, selector, signal, options);
    const key = JSON.stringify([courseId, selector.cohort ?? null, selector.namePattern ?? null]);
    const running = this.listings.get(key);
    if (running) return running;
    const listing = this.listNow(courseId, selector, undefined, { onStates: options.onStates }).finally(() => this.listings.delete(key));
    this.listings.set(key, listing);
    return listing;
  }

  private async listNow(
    courseId: string,
    selector: CohortSelector,
    signal?: AbortSignal,
    options: { checks?: boolean; onStates?: (partial: CohortListing) => void; month?: string } = {},
  ): Promise<CohortListing> {
    const now = this.clock.now();
    const onStates = options.onStates;
    // Asked once per listing, beside the scan: the early listing has the names when Keystone answered first.
    let namesNow: LearnerNames | undefined;
    const names = readLearnerNames(this.options.connection, signal).then(
      (read) => (namesNow = read),
      () => undefined, // aborted with the listing
    );
    const scan = await this.scan(courseId, selector, {
      signal,
      ...(onStates
        ? {
            onListed: (partial: ScanResult & { projects: CohortProject[] }) =>
              onStates(this.listingOf(courseId, selector, partial, now, false, undefined, undefined, namesNow)),
          }
        : {}),
    });
    if (options.checks)
      await this.check(
        scan.labs.filter((lab) => groupOf(lab) === 'up'),
        undefined,
        signal,
      );
    const activity = await labActivities(scan.labs, {
      deps: this.checksFor(courseId),
      cache: this.activityCache,
      now,
      concurrency: this.options.checkConcurrency ?? Math.min(4, this.concurrency),
      maxAgeMs: this.options.activityMaxAgeMs ?? 5 * 60_000,
      signal,
      onProblem: (lab, message) => this.logger.info("could not read a lab's activity", { stack: lab.summary.name, message }),
    });
    return this.listingOf(courseId, selector, scan, now, true, options.month, activity, await names);
  }

  /** The checks' SSH means when the course is in the library (its connections say where to read); else none. */
  private checksFor(courseId: string): CohortCheckDeps | undefined {
    const checks = this.checks;
    try {
      checks?.manifest(courseId);
      return checks;
    } catch {
      return undefined;
    }
  }

  /** The activity kept for a lab (no SSH): what a listing without a fresh read shows. */
  private keptActivity(stackId: string): ActivityInterval[] | undefined {
    return this.activityCache.get(stackId)?.intervals;
  }

  private listingOf(
    courseId: string,
    selector: CohortSelector,
    scan: ScanResult & { projects: CohortProject[] },
    now: number,
    withEvents: boolean,
    month?: string,
    activity?: ReadonlyMap<string, ActivityInterval[]>,
    names?: LearnerNames,
  ): CohortListing {
    const rates = this.ratesOf(courseId);
    const rows = scan.labs.map((lab) =>
      withLearnerName(
        withScore(
          toRow(lab, now, rates, month, activity ? activity.get(lab.summary.id) : this.keptActivity(lab.summary.id)),
          this.scores.get(lab.summary.id),
        ),
        names,
      ),
    );
    return {
      courseId,
      cohort: selector.cohort ?? null,
      cloud: this.cloudName,
      projectPattern: selector.namePattern ?? null,
      projects: scan.projects.length,
      labs: rows,
      totals: totalsOf(rows, rates),
      runningSeries: runningSeries(scan.labs, now),
      problems: scan.problems,
      ...(names ? { learnerNames: names.source } : {}),
      generatedAt: new Date(now).toISOString(),
      withEvents,
    };
  }

  /** Labs from the last scan by stack id; an unknown id is an error (refresh first). */
  labsById(stackIds: readonly string[]): FoundLab[] {
    return stackIds.map((id) => {
      const lab = this.known.get(id);
      if (!lab) throw new UnknownLabError(id);
      return lab;
    });
  }

  /** The instructor's Keystone user name (their id when the token has no name). */
  async userName(): Promise<string> {
    const token = await this.options.connection.keystone.token();
    return token.user.name ?? token.user.id;
  }

  /**
   * A lab read afresh with the instructor's own token scoped to the learner's project: Keystone
   * decides whether the instructor may (a missing role is its refusal, thrown as it comes).
   */
  async labInProject(projectId: string, stackId: string, signal?: AbortSignal): Promise<FoundLab | undefined> {
    const known = this.known.get(stackId);
    const heat = await this.clients.heatFor({ id: projectId });
    const stack = await heat.find(stackId, signal);
    if (!stack || stack.status === 'DELETE_COMPLETE') return undefined;
    const identity = parseLabTags(stack.tags);
    if (!identity) return undefined;
    const summary = {
      id: stack.ref.id,
      name: stack.ref.name,
      status: stack.status,
      statusReason: stack.statusReason,
      createdAt: stack.createdAt,
      ...(stack.updatedAt ? { updatedAt: stack.updatedAt } : {}),
      tags: [...stack.tags],
      ...(stack.owner ? { owner: stack.owner } : {}),
    };
    const project = known?.project.id === projectId ? known.project : { id: projectId, name: projectId, tags: [] };
    return { project, heat, summary, identity, ...(known?.timeline ? { timeline: known.timeline } : {}) };
  }

  async events(stackId: string, signal?: AbortSignal): Promise<StackEvent[]> {
    const [lab] = this.labsById([stackId]);
    return lab!.heat.events({ name: lab!.summary.name, id: lab!.summary.id }, { signal });
  }

  async stackEvents(lab: FoundLab, signal?: AbortSignal): Promise<StackEvent[]> {
    return stackLevelEvents(lab.heat, { name: lab.summary.name, id: lab.summary.id }, signal);
  }

  /** The last check result of a lab, if it was checked since this service started. */
  scoreOf(stackId: string): LabScore | undefined {
    return this.scores.get(stackId);
  }

  /** Runs the course's progress checks on `labs`, a few SSH sessions at a time; never throws per lab. */
  async check(
    labs: readonly FoundLab[],
    onResult?: (result: LabScore, done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<LabScore[]> {
    const deps = this.checks;
    if (!deps)
      throw new UserFacingError('unavailable', 'Progress checks are not available here (no course library to take the checks from).');
    let done = 0;
    return mapBounded(labs, this.options.checkConcurrency ?? Math.min(4, this.concurrency), async (lab) => {
      const result = await checkLab(lab, deps, () => this.clock.now(), signal);
      // A failed attempt keeps the last real score visible, with the failure beside it.
      const previous = this.scores.get(lab.summary.id);
      this.scores.set(
        lab.summary.id,
        result.error && previous?.score != null ? { ...previous, error: result.error, checkedAt: result.checkedAt } : result,
      );
      this.logger.info('cohort check', { stack: result.stackName, passed: result.passed, total: result.total, error: result.error });
      done++;
      onResult?.(result, done, labs.length);
      return result;
    });
  }

  act(
    action: CohortAction,
    labs: readonly FoundLab[],
    onResult?: (result: CohortActResult, done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<CohortActResult[]> {
    return actOnLabs(labs, action, {
      concurrency: this.concurrency,
      signal,
      onResult: (result, done, total) => {
        this.logger.info(`cohort ${action}`, { stack: result.stackName, outcome: result.outcome, message: result.message });
        onResult?.(result, done, total);
      },
    });
  }
}
