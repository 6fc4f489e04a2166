import type { StackEvent } from '../../shared/openstack/stack';
import type { HeatClient, StackRef } from '../openstack/heat/heat-client';
import { heatError } from '../openstack/heat/heat-errors';
import { EventListSchema } from '../openstack/heat/results';
import { toEvent } from '../openstack/heat/stack-records';

/**
 * The stack's own events (not its resources'), oldest first: GET …/events?resource_name=<stack>.
 * Heat names stack-level events after the stack, so the filter keeps the answer small for labs
 * with many resources (api-ref orchestration v1, "List stack events", resource_name). `after`: only
 * the events after that one (`marker`); Heat answers every event when it no longer has it.
 */
export async function stackLevelEvents(heat: HeatClient, ref: StackRef, signal?: AbortSignal, after?: string): Promise<StackEvent[]> {
  const params = new URLSearchParams({ resource_name: ref.name, sort_dir: 'asc', sort_keys: 'event_time' });
  if (after) params.set('marker', after);
  const path = `/stacks/${encodeURIComponent(ref.name)}/${encodeURIComponent(ref.id)}/events?${params}`;
  const res = await heat.session.request('orchestration', { method: 'GET', path, signal });
  if (res.status !== 200) throw heatError(res);
  return EventListSchema.parse(JSON.parse(res.text))
    .events.map((e) => toEvent(e, ref.id))
    .filter((e) => e.isStackEvent || e.resourceName === ref.name);
}
