import type { StackSummary } from '../../shared/openstack/stack';
import { mapBounded } from '../courses/bounded-parallel';
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

const byProjectAndName = (a: FoundLab, b: FoundLab): number =>
  a.project.name.localeCompare(b.project.name) || a.summary.name.localeCompare(b.summary.name);

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
 * Lists a course's labs in every project, `concurrency` projects (then stacks, for events) at a
 * time; events come from `cache` while a stack has not changed since they were read, and only the
 * newer ones from Heat once it may have (stack-event-cache.ts); `onListed` hears of the labs before
 * their events are read. A project that cannot be read is
 * reported, not fatal: one broken learner project must not hide the rest of the cohort.
 */
export async function scanCohort(
  clients: ProjectClients,
  projects: readonly CohortProject[],
  courseId: string,
  options: {
    concurrency: number;
    events: boolean;
    cache?: StackEventCache;
    /** Rates that list flavors: each lab's flavors are read beside its events. */
    rates?: FoundRates;
    signal?: AbortSignal;
    onListed?: (labs: readonly FoundLab[], problems: ScanResult['problems']) => void;
  },
): Promise<ScanResult> {
  const problems: ScanResult['problems'] = [];
  const perProject = await mapBounded(projects, options.concurrency, async (project) => {
    try {
      const heat = await clients.heatFor(project);
      const stacks = await heat.listAll({ tags: courseTags(courseId) }, options.signal);
      const labs: FoundLab[] = [];
      for (const summary of stacks) {
        const identity = parseLabTags(summary.tags);
        if (!identity || identity.courseId !== courseId || summary.status === 'DELETE_COMPLETE') continue;
        labs.push({ project, heat, summary, identity: { ...identity, courseVersion: courseVersionOf(summary.tags) } });
      }
      return labs;
    } catch (error) {
      problems.push({ project: project.name, message: (error as Error).message });
      return [];
    }
  });
  let labs = perProject.flat().sort(byProjectAndName);
  if (options.events) {
    options.onListed?.(labs, [...problems]);
    labs = await mapBounded(labs, options.concurrency, async (lab) => {
      try {
        const events = await labEvents(lab, options.cache, options.signal);
        const rates = options.rates?.rates.flavors ? options.rates : undefined;
        const rate = rates ? await labRateOf(rates, lab.heat, { name: lab.summary.name, id: lab.summary.id }, options.signal) : undefined;
        return { ...lab, timeline: timelineOf(events, lab.summary.createdAt), ...(rate ? { rate } : {}) };
      } catch (error) {
        problems.push({ project: lab.project.name, message: `events of ${lab.summary.name}: ${(error as Error).message}` });
        return lab;
      }
    });
  }
  return { labs, problems };
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
