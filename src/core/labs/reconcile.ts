import type { Logger } from '../log/logger';
import type { Clock } from '../time/clock';
import type { LabClouds } from './lab-clouds';
import { parseLabTags } from './lab-identity';
import type { LabJobType } from './lab-jobs';
import type { LabStore } from './lab-store';

export interface ReconcileReport {
  /** Labs past suspend_by, asked to suspend. */
  readonly suspended: string[];
  /** Stacks the cloud has but the records call deleted (or has no record of): asked to delete. */
  readonly zombies: string[];
  /** Records of stacks the cloud lost, marked so. */
  readonly lost: string[];
  /** Clouds that could not be asked, with why. */
  readonly unreachable: Record<string, string>;
}

/**
 * At start-up, make the records agree with the cloud, the source of truth (hastexo's reaper, run
 * locally): the cloud's lab stacks are listed by tag on every cloud a lab lives on or may go to.
 */
export async function reconcileLabs(deps: {
  store: LabStore;
  clouds: LabClouds;
  clock: Clock;
  request: (type: LabJobType, courseId: string) => void;
  knownCourse: (courseId: string) => boolean;
  logger: Logger;
}): Promise<ReconcileReport> {
  const report: ReconcileReport = { suspended: [], zombies: [], lost: [], unreachable: {} };
  const records = deps.store.list();
  const providers = new Set<string>([...deps.clouds.providers(), ...records.map((r) => r.provider).filter((p): p is string => Boolean(p))]);
  for (const provider of providers) {
    let stacks;
    let userId: string;
    try {
      const conn = await deps.clouds.connection(provider);
      userId = (await conn.keystone.token()).user.id;
      stacks = await conn.heat.listAll({ tags: ['lc'] });
    } catch (error) {
      (report.unreachable as Record<string, string>)[provider] = (error as Error).message;
      continue;
    }
    const live = stacks.filter((s) => s.status !== 'DELETE_COMPLETE');
    const byName = new Map(live.map((s) => [s.name, s]));
    for (const record of records.filter((r) => r.provider === provider)) {
      const stack = byName.get(record.stackName);
      if (!stack && record.state !== 'DELETE_COMPLETE' && record.stackId) {
        deps.store.update(
          record.courseId,
          record.userId,
          {
            state: 'DELETE_COMPLETE',
            stackId: null,
            ready: false,
            outputs: {},
            suspendBy: null,
            deleteBy: null,
            error: 'The cloud no longer has this lab (deleted outside Lab Console).',
          },
          deps.clock.now(),
          { running: false, detail: 'lost' },
        );
        report.lost.push(record.stackName);
      }
    }
    for (const stack of live) {
      const tags = parseLabTags(stack.tags);
      if (!tags || tags.userId !== userId) continue;
      const record = deps.store.get(tags.courseId, tags.userId);
      if ((!record || record.state === 'DELETE_COMPLETE') && deps.knownCourse(tags.courseId)) {
        if (!record)
          deps.store.ensure({ courseId: tags.courseId, userId, stackName: stack.name, provider, state: stack.status }, deps.clock.now());
        deps.store.update(tags.courseId, userId, { provider, stackId: stack.id, state: 'DELETE_PENDING' }, deps.clock.now(), {
          running: true,
          detail: 'zombie',
        });
        deps.request('lab.delete', tags.courseId);
        report.zombies.push(stack.name);
      } else if (record && record.group === 'up' && record.suspendBy !== null && record.suspendBy <= deps.clock.now()) {
        deps.request('lab.suspend', record.courseId);
        report.suspended.push(stack.name);
      }
    }
  }
  deps.logger.info('reconciled labs with the cloud', { ...report });
  return report;
}
