import type { StackRef } from '../openstack/heat/urls';
import type { Clock } from '../time/clock';
import { HeatError } from '../openstack/errors';
import type { HeatClient } from '../openstack/heat/heat-client';

/** Tag of a claim stack, so that people and tools can tell what it is. */
export const REAP_CLAIM_TAG = 'lc-reap-claim';

/** A claim older than this was left by a reaper that died while it held it. */
export const STALE_CLAIM_MS = 10 * 60_000;

export function claimStackName(target: StackRef): string {
  return `lc-reap-claim-${target.id}`;
}

const CLAIM_TEMPLATE = {
  heat_template_version: '2018-08-31',
  description: 'Lab Console reaper claim: a reaper is acting on the lab named in this stack. It has no resources and removes itself.',
  resources: {},
};

export type ClaimResult = { readonly claimed: true; readonly claim: StackRef } | { readonly claimed: false; readonly why: string };

/**
 * Reapers on different machines share no lock, and Heat accepts a second DELETE of a stack that is
 * being deleted (it starts the delete over). What Heat does refuse, atomically, is a second stack
 * of the same name in a project (409): an empty stack named after the lab is the lock they share.
 */
export async function claimLab(heat: HeatClient, target: StackRef, clock: Clock, signal?: AbortSignal): Promise<ClaimResult> {
  const name = claimStackName(target);
  try {
    const claim = await heat.create({ name, template: CLAIM_TEMPLATE, tags: [REAP_CLAIM_TAG], timeoutMins: 5 }, signal);
    return { claimed: true, claim };
  } catch (error) {
    if (!(error instanceof HeatError) || error.status !== 409) throw error;
  }
  const held = await heat.find(name, signal);
  if (held && clock.now() - Date.parse(held.createdAt) > STALE_CLAIM_MS) {
    await heat.delete(held.ref, signal).catch(() => undefined);
    return { claimed: false, why: `another reaper's claim from ${held.createdAt} was stale and is removed; the next run acts` };
  }
  return { claimed: false, why: 'another reaper is acting on it' };
}

/**
 * Releases a claim once the target shows the action (or is gone), so that a reaper which claims
 * after us reads a state that already says "being handled". Best effort: a claim left behind goes
 * stale and the next run removes it.
 */
export async function releaseClaim(
  heat: HeatClient,
  claim: StackRef,
  target: StackRef,
  actedOn: (status: string) => boolean,
  clock: Clock,
  signal?: AbortSignal,
): Promise<void> {
  try {
    for (let look = 0; look < 40; look++) {
      const now = await heat.find(target, signal);
      if (!now || actedOn(now.status)) break;
      await clock.sleep(250, signal);
    }
  } finally {
    await heat.delete(claim, signal).catch(() => undefined);
  }
}
