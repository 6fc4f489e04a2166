import type { ReapDecision, ReapReport } from '../../shared/cohort/cohort-lab';
import { mapBounded } from '../courses/bounded-parallel';
import type { Logger } from '../log/logger';
import { silentLogger } from '../log/logger';
import { systemClock } from '../time/clock';
import { actOnLab } from './cohort-actions';
import type { CohortSelector } from './cohort-projects';
import type { CohortService } from './cohort-service';
import type { FoundLab } from './cohort-scan';
import { timelineOf } from '../labs/lab-timeline';
import { claimLab, releaseClaim } from './reap-claim';
import { acquireReapLock } from './reap-lock';
import { decide, type ReapPolicy } from './reap-policy';

export interface ReapOptions {
  readonly courseId: string;
  readonly selector?: CohortSelector;
  readonly policy: ReapPolicy;
  readonly dryRun: boolean;
  /** The lock file (see reapLockPath); none in a dry run. */
  readonly lockFile?: string;
  readonly logger?: Logger;
  /** Each decision as it is made (the CLI prints them). */
  readonly onDecision?: (decision: ReapDecision) => void;
  readonly signal?: AbortSignal;
}

/**
 * The safety net for labs whose learner's app is gone: decides from the cloud alone, and acts only
 * after reading the stack (state and events) again, so that two reapers, or a reaper and a
 * learner's app, never do the same thing twice. Heat's 409 counts as "someone else is on it".
 */
export async function reap(cohort: CohortService, options: ReapOptions): Promise<ReapReport> {
  const logger = (options.logger ?? silentLogger).child('reaper');
  const release = !options.dryRun && options.lockFile ? acquireReapLock(options.lockFile) : () => undefined;
  try {
    const scan = await cohort.scan(options.courseId, options.selector ?? {}, { events: true, signal: options.signal });
    const planned = scan.labs.map((lab) => ({ lab, decision: decide(lab, options.policy, cohort.clock.now()) }));
    const decisions = await mapBounded(planned, cohort.concurrency, async ({ lab, decision }): Promise<ReapDecision> => {
      let result: ReapDecision = { ...decision, outcome: 'planned', detail: null };
      if (decision.action !== 'keep' && !options.dryRun) result = await actAfterRecheck(cohort, lab, result, options);
      if (decision.action === 'keep') result = { ...result, outcome: 'skipped' };
      logger.info(`reap ${result.action} ${result.stackName}`, {
        learner: result.learner,
        reason: result.reason,
        outcome: result.outcome,
        detail: result.detail,
      });
      options.onDecision?.(result);
      return result;
    });
    return {
      courseId: options.courseId,
      dryRun: options.dryRun,
      now: new Date(cohort.clock.now()).toISOString(),
      policy: options.policy,
      decisions,
      problems: scan.problems,
    };
  } finally {
    release();
  }
}

async function actAfterRecheck(cohort: CohortService, lab: FoundLab, planned: ReapDecision, options: ReapOptions): Promise<ReapDecision> {
  const ref = { name: lab.summary.name, id: lab.summary.id };
  try {
    const fresh = await lab.heat.find(ref, options.signal);
    if (!fresh || fresh.status === 'DELETE_COMPLETE') return { ...planned, outcome: 'skipped', detail: 'already deleted' };
    const freshLab: FoundLab = {
      ...lab,
      summary: { ...lab.summary, status: fresh.status, statusReason: fresh.statusReason, updatedAt: fresh.updatedAt },
      timeline: timelineOf(await cohort.stackEvents(lab, options.signal), lab.summary.createdAt),
    };
    const again = decide(freshLab, options.policy, cohort.clock.now());
    if (again.action !== planned.action) {
      return { ...planned, outcome: 'skipped', detail: `changed meanwhile: now ${fresh.status} (${again.reason})` };
    }
    // Heat answers 409 to a second suspend while the first runs; a second delete needs a claim.
    if (planned.action === 'delete') return await deleteUnderClaim(cohort, freshLab, planned, options);
    // actOnLab reads the stack once more right before sending: the last look is one request old.
    const result = await actOnLab(freshLab, 'suspend', options.signal);
    return { ...planned, outcome: result.outcome, detail: result.message };
  } catch (error) {
    return { ...planned, outcome: 'failed', detail: (error as Error).message };
  }
}

async function deleteUnderClaim(cohort: CohortService, lab: FoundLab, planned: ReapDecision, options: ReapOptions): Promise<ReapDecision> {
  const target = { name: lab.summary.name, id: lab.summary.id };
  // Real time, not the policy clock: a claim's age is compared with Heat's own timestamp.
  const claim = await claimLab(lab.heat, target, systemClock, options.signal);
  if (!claim.claimed) return { ...planned, outcome: 'skipped', detail: claim.why };
  // The look inside actOnLab comes after the claim: a reaper that deleted and released before we
  // claimed has left the stack visibly DELETE_IN_PROGRESS or gone.
  const result = await actOnLab(lab, 'delete', options.signal);
  const deleting = (status: string) => status.startsWith('DELETE_');
  await releaseClaim(lab.heat, claim.claim, target, result.outcome === 'done' ? deleting : () => true, systemClock, options.signal);
  return { ...planned, outcome: result.outcome, detail: result.message };
}
