import type { Lab } from '../../shared/course/course-manifest';

/**
 * A course's preferred clouds (hastexo's providers) over the learner's own: the learner's clouds
 * that the course names come first, in the course's order, then the rest of the learner's order.
 * A learner keeps every cloud of their own; a cloud the course names but the learner lacks is
 * reported, never invented.
 */
export function providerOrder(lab: Lab, learnerOrder: readonly string[]): { order: string[]; missing: string[] } {
  const preferred = (lab.providers ?? []).map((p) => p.cloud);
  const mine = new Set(learnerOrder);
  const first = preferred.filter((cloud) => mine.has(cloud));
  return {
    order: [...first, ...learnerOrder.filter((cloud) => !first.includes(cloud))],
    missing: preferred.filter((cloud) => !mine.has(cloud)),
  };
}

/** The template and environment of a lab on one cloud: that cloud's own when the course names it. */
export function labSourcesFor(lab: Lab, cloud: string): { template: string; environment: string | null } {
  const provider = lab.providers?.find((p) => p.cloud === cloud);
  return { template: provider?.template ?? lab.template, environment: provider?.environment ?? lab.environment };
}
