import type { CohortAction, CohortActResult, CohortListing } from '../../shared/cohort/cohort-lab';
import type { StackEvent } from '../../shared/openstack/stack';
import { silentLogger, type Logger } from '../log/logger';
import type { OpenStackConnection } from '../openstack/openstack-client';
import { systemClock, type Clock } from '../time/clock';
import { actOnLabs } from './cohort-actions';
import { UnknownLabError } from './cohort-errors';
import { reachableProjects, selectProjects, type CohortProject, type CohortSelector } from './cohort-projects';
import { totalsOf, toRow, runningSeries } from './cohort-rows';
import { scanCohort, type FoundLab, type ScanResult } from './cohort-scan';
import { ProjectClients } from './project-clients';
import { stackLevelEvents } from './stack-events';

export interface CohortServiceOptions {
  readonly connection: OpenStackConnection;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Requests to Keystone/Heat in flight at once (default 8). */
  readonly concurrency?: number;
}

/**
 * A cohort: one course and the learner projects the instructor's credentials reach. Everything
 * here comes from the cloud (Keystone projects, Heat stacks, tags and events).
 */
export class CohortService {
  readonly clock: Clock;
  readonly concurrency: number;
  private readonly logger: Logger;
  private readonly clients: ProjectClients;
  /** The last scan's labs by stack id, so an action or an events call needs no new listing. */
  private readonly known = new Map<string, FoundLab>();

  constructor(private readonly options: CohortServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('cohort');
    this.concurrency = options.concurrency ?? 8;
    this.clients = new ProjectClients(options.connection, { clock: this.clock, logger: this.logger });
  }

  get cloudName(): string {
    return this.options.connection.cloud.name;
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

  async scan(courseId: string, selector: CohortSelector = {}, options: { events?: boolean; signal?: AbortSignal } = {}): Promise<ScanResult & { projects: CohortProject[] }> {
    const projects = await this.projects(selector, options.signal);
    const result = await scanCohort(this.clients, projects, courseId, {
      concurrency: this.concurrency,
      events: options.events ?? true,
      signal: options.signal,
    });
    for (const lab of result.labs) this.known.set(lab.summary.id, lab);
    for (const problem of result.problems) this.logger.warn('a learner project could not be read', problem);
    return { ...result, projects };
  }

  async list(courseId: string, selector: CohortSelector = {}, signal?: AbortSignal): Promise<CohortListing> {
    const now = this.clock.now();
    const scan = await this.scan(courseId, selector, { events: true, signal });
    const rates = this.options.connection.cloud.labConsole.rates;
    const rows = scan.labs.map((lab) => toRow(lab, now, rates));
    return {
      courseId,
      cohort: selector.cohort ?? null,
      cloud: this.cloudName,
      projects: scan.projects.length,
      labs: rows,
      totals: totalsOf(rows, rates),
      runningSeries: runningSeries(scan.labs, now),
      problems: scan.problems,
      generatedAt: new Date(now).toISOString(),
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

  async events(stackId: string, signal?: AbortSignal): Promise<StackEvent[]> {
    const [lab] = this.labsById([stackId]);
    return lab!.heat.events({ name: lab!.summary.name, id: lab!.summary.id }, { signal });
  }

  async stackEvents(lab: FoundLab, signal?: AbortSignal): Promise<StackEvent[]> {
    return stackLevelEvents(lab.heat, { name: lab.summary.name, id: lab.summary.id }, signal);
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
