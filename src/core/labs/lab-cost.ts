import type { CourseManifest } from '../../shared/course/course-manifest';
import { monthBounds, monthOf, priceOfLab, type LabCost, type LabRate, type RateSource } from '../../shared/labs/lab-rates';
import type { LabCostView } from '../../shared/labs';
import type { CloudRates } from '../../shared/openstack/cloud-summary';
import type { Logger } from '../log/logger';
import type { OpenStackConnection } from '../openstack/openstack-client';
import type { HeatClient, StackRef } from '../openstack/heat/heat-client';
import { stackFlavors } from './lab-flavors';
import { runningAt, statusAt, timeInWindow, timelineOf, type LabTimeline } from './lab-timeline';
import type { LabRecord } from './lab-store';
import { stackLevelEvents } from './stack-events';

const HOUR = 3_600_000;

/** Rates to price a lab with, and where they came from. */
export interface FoundRates {
  readonly rates: CloudRates;
  readonly source: RateSource;
}

/** The course's rates for this cloud (its `lab.providers` entry), else the cloud's own; undefined: no price known. */
export function ratesFor(
  manifest: CourseManifest | undefined,
  cloudName: string,
  cloudRates: CloudRates | undefined,
): FoundRates | undefined {
  const course = manifest?.lab?.providers?.find((p) => p.cloud === cloudName)?.rates;
  if (course) return { rates: course, source: 'course' };
  return cloudRates ? { rates: cloudRates, source: 'cloud' } : undefined;
}

export const roundToCent = (amount: number): number => Math.round(amount * 100) / 100;

/**
 * What a lab cost in `month` (default: the month of `now`), up to `now`, from its timeline: the one
 * computation behind the learner's header, `lab status`, the dashboard and the monthly report.
 */
export function labCostOf(timeline: LabTimeline, rate: LabRate | null, now: number, month = monthOf(now)): LabCost {
  const bounds = monthBounds(month);
  if (!bounds) throw new RangeError(`not a month: ${month}`);
  const { runningMs, suspendedMs } = timeInWindow(timeline, bounds.from, Math.min(bounds.to, now));
  const status = statusAt(timeline, now);
  const perHourNow = !rate
    ? null
    : status === undefined || status.startsWith('DELETE_COMPLETE')
      ? 0
      : runningAt(timeline, now)
        ? rate.runningPerHour
        : rate.suspendedPerHour;
  return {
    month,
    runningSeconds: runningMs / 1000,
    suspendedSeconds: suspendedMs / 1000,
    cost: rate ? roundToCent((runningMs / HOUR) * rate.runningPerHour + (suspendedMs / HOUR) * rate.suspendedPerHour) : null,
    perHourNow,
    rate,
    at: new Date(now).toISOString(),
  };
}

/** The lab's price: its servers' flavors are read from the stack only when the rates list flavors. */
export async function labRateOf(found: FoundRates, heat: HeatClient, ref: StackRef, signal?: AbortSignal): Promise<LabRate> {
  const flavors = found.rates.flavors ? await stackFlavors(heat, ref, found.rates.flavorParameter, signal) : [];
  return priceOfLab(found.rates, found.source, flavors);
}

/** Reads the lab's events from Heat and prices them (the learner's side: one lab, its own credentials). */
export async function readLabCost(
  heat: HeatClient,
  stack: StackRef & { readonly createdAt: string },
  found: FoundRates | undefined,
  now: () => number,
  options: { month?: string; signal?: AbortSignal } = {},
): Promise<LabCost> {
  const [events, rate] = await Promise.all([
    stackLevelEvents(heat, stack, options.signal),
    found ? labRateOf(found, heat, stack, options.signal) : null,
  ]);
  return labCostOf(timelineOf(events, stack.createdAt), rate, now(), options.month);
}

/**
 * What the learner's lab of a course cost this month and costs per hour now, from its Heat events
 * (the same computation as the instructor's dashboard and `cohort report`). Never throws: a cloud
 * that cannot be asked is said in `problem`.
 */
export async function learnerLabCost(
  courseId: string,
  lab: LabRecord | undefined,
  deps: {
    readonly manifest: CourseManifest | undefined;
    readonly connection: (cloud: string) => Promise<OpenStackConnection>;
    readonly now: () => number;
    readonly logger: Logger;
  },
  signal?: AbortSignal,
): Promise<LabCostView> {
  if (!lab?.stackId || !lab.provider || lab.state === 'DELETE_COMPLETE')
    return { courseId, cost: null, problem: 'No lab now: nothing is billed.' };
  try {
    const connection = await deps.connection(lab.provider);
    const found = ratesFor(deps.manifest, lab.provider, connection.cloud.labConsole.rates);
    const stack = { name: lab.stackName, id: lab.stackId, createdAt: new Date(lab.createdAt).toISOString() };
    const cost = await readLabCost(connection.heat, stack, found, deps.now, { signal });
    return { courseId, cost, problem: found ? null : `No rates are set for the cloud "${lab.provider}": hours are counted, not priced.` };
  } catch (error) {
    deps.logger.warn('could not read the cost of a lab', { courseId, error: String(error) });
    return { courseId, cost: null, problem: `The cloud "${lab.provider}" could not be asked: ${(error as Error).message}` };
  }
}
