import type { StackSummary } from '../../shared/openstack/stack';
import { boundedRunner } from '../courses/bounded-parallel';
import { requestSent } from '../openstack/requests-sent';
import type { HeatClient } from '../openstack/heat/heat-client';
import { parseLabTags } from '../labs/lab-identity';
import type { CohortProject } from './cohort-projects';
import type { ProjectClients } from './project-clients';
import { appendEvents, eventCacheKey, eventsComplete, type StackEventCache } from './stack-event-cache';
import { stackLevelEvents } from '../labs/stack-events';
import { timelineOf, type LabTimeline } from '../labs/lab-timeline';
import { labRateOf, type FoundRates } from '../labs/lab-cost';
import type { LabRate } from '../../shared/labs/lab-rates';

/** A lab found in a learner project, with what its tags and events say. */
export interface FoundLab {
  readonly project: CohortProject;
  readonly heat: HeatClient;
  readonly summary: StackSummary;
  readonly identity: { readonly courseId: string; readonly userId: string; readonly courseVersion?: string };
  /** Absent when events were not asked for, or could not be read. */
  readonly timeline?: LabTimeline;
  /** The lab's price from its servers' flavors, when the rates list flavors and the stack could be read. */
  readonly rate?: LabRate;
}

export interface ScanResult {
  readonly labs: FoundLab[];
  readonly problems: { project: string; message: string }[];
}

// One collator for the whole sort: localeCompare builds one on each call (15 ms per 1,000 names against 1 ms).
// Made at first use (while Heat lists, else at the first sort), not as the module loads: the CLI's start-up snapshot evaluates this module and
// cannot hold ICU's objects, and the collator must follow the user's locale, not the build machine's.
let nameOrder: Intl.Collator | undefined;

/**
 * The sort's collator, made at its first use (ICU's first collator of a process costs ~10 ms of
 * CPU): the cohort service asks for it while Heat lists the projects' stacks, so that the labs of
 * the last project listed do not wait for it before their events are asked for.
 */
export function prepareNameOrder(): Intl.Collator {
  return (nameOrder ??= new Intl.Collator());
}

const byProjectAndName = (a: FoundLab, b: FoundLab): number => {
  const order = prepareNameOrder();
  return order.compare(a.project.name, b.project.name) || order.compare(a.summary.name, b.summary.name);
};

/** Who the instructor reads: the learner's Keystone user name (the stack's creator), else their project. */
export function learnerOf(lab: Pick<FoundLab, 'summary' | 'project'>): string {
  return lab.summary.owner || lab.project.name;
}

/** The tags a course's labs carry (src/core/labs/lab-identity.ts labTags). */
export function courseTags(courseId: string): string[] {
  return ['lc', `lc-course=${courseId}`];
}

function courseVersionOf(tags: readonly string[]): string | undefined {
  return tags.find((t) => t.startsWith('lc-course-version='))?.slice('lc-course-version='.length);
}

/**
 * Lists a course's labs in every project and reads each lab's events, with at most `concurrency`
 * requests (a project's token and listing, or a lab's events) in flight at once. A project's labs
 * have their events read as soon as that project is listed, not once the slowest project is: the
 * one Heat behind them is kept busy, not left waiting at a barrier. Projects are handed to the
 * bound first, so every project is listed before the events of most labs are asked for. Events
 * come from `cache` while a stack has not changed since they were read, and only the newer ones from
 * Heat once it may have (stack-event-cache.ts); `onListed` hears of the labs once every project
 * is listed, before their events are all read. A project that cannot be read is reported, not
 * fatal: one broken learner project must not hide the rest of the cohort.
 */
export async function scanCohort(
  clients: ProjectClients,
  projects: readonly CohortProject[],
  courseId: string,
  options: {
    concurrency: number;
    events: boolean;
    /**
     * What labs' events are read with, asked once the first project with labs is listed: the
     * caller's local state need not be ready while the listings are out. With `rates` that list
     * flavors, each lab's flavors are read beside its events. What it throws fails the scan.
     */
    local?: () => { cache?: StackEventCache; rates?: FoundRates };
    signal?: AbortSignal;
    onListed?: (labs: readonly FoundLab[], problems: ScanResult['problems']) => void;
  },
): Promise<ScanResult> {
  const problems: ScanResult['problems'] = [];
  const run = boundedRunner(options.concurrency);
  const withEvents = new Map<string, Promise<FoundLab>>();
  let local: ReturnType<NonNullable<typeof options.local>> | undefined;
  const localNow = () => (local ??= options.local?.() ?? {});
  const perProject = await Promise.all(
    projects.map(async (project) => {
      let labs: FoundLab[];
      try {
        labs = await run(() => projectLabs(clients, project, courseId, options.signal));
      } catch (error) {
        problems.push({ project: project.name, message: (error as Error).message });
        return [];
      }
      if (options.events && labs.length) {
        const reading = { ...localNow(), signal: options.signal };
        for (const lab of labs)
          withEvents.set(
            lab.summary.id,
            run(() => withTimeline(lab, reading, problems)),
          );
      }
      return labs;
    }),
  );
  const labs = perProject.flat().sort(byProjectAndName);
  if (!options.events) return { labs, problems };
  const read = Promise.all(labs.map((lab) => withEvents.get(lab.summary.id) ?? lab));
  if (options.onListed) {
    // The last project's events were asked for just now: the early listing (tens of ms for a large
    // cohort) is built once the next request is written, not while those requests wait to be sent.
    await requestSent(read);
    if (!options.signal?.aborted) options.onListed(labs, [...problems]);
  }
  return { labs: await read, problems };
}

/** The course's labs in one project (its stacks tagged for the course, deleted ones left out). */
async function projectLabs(clients: ProjectClients, project: CohortProject, courseId: string, signal?: AbortSignal): Promise<FoundLab[]> {
  const heat = await clients.heatFor(project);
  const stacks = await heat.listAll({ tags: courseTags(courseId) }, signal);
  const labs: FoundLab[] = [];
  for (const summary of stacks) {
    const identity = parseLabTags(summary.tags);
    if (!identity || identity.courseId !== courseId || summary.status === 'DELETE_COMPLETE') continue;
    labs.push({ project, heat, summary, identity: { ...identity, courseVersion: courseVersionOf(summary.tags) } });
  }
  return labs;
}

/** The lab with what its events tell (and its rate); as it was, with a problem told, when they cannot be read. */
async function withTimeline(
  lab: FoundLab,
  options: { cache?: StackEventCache; rates?: FoundRates; signal?: AbortSignal },
  problems: ScanResult['problems'],
): Promise<FoundLab> {
  try {
    const events = await labEvents(lab, options.cache, options.signal);
    const rates = options.rates?.rates.flavors ? options.rates : undefined;
    const rate = rates ? await labRateOf(rates, lab.heat, { name: lab.summary.name, id: lab.summary.id }, options.signal) : undefined;
    return { ...lab, timeline: timelineOf(events, lab.summary.createdAt), ...(rate ? { rate } : {}) };
  } catch (error) {
    problems.push({ project: lab.project.name, message: `events of ${lab.summary.name}: ${(error as Error).message}` });
    return lab;
  }
}

/** A lab's stack-level events: those kept in `cache` and, unless they are surely all, Heat's newer ones. */
async function labEvents(lab: Omit<FoundLab, 'timeline'>, cache: StackEventCache | undefined, signal?: AbortSignal) {
  const ref = { name: lab.summary.name, id: lab.summary.id };
  const kept = cache?.get(ref.id);
  if (kept && eventsComplete(kept.key, lab.summary)) return kept.events;
  const last = kept?.events.at(-1)?.id;
  const events = appendEvents(kept?.events ?? [], await stackLevelEvents(lab.heat, ref, signal, last));
  cache?.put(ref.id, eventCacheKey(lab.summary), events);
  return events;
}
