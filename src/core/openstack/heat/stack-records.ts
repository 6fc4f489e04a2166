import type { StackEvent, StackSummary } from '../../../shared/openstack/stack';
import { splitStackStatus } from '../../../shared/openstack/stack';
import { UnexpectedResponseError } from '../errors';
import type { HttpResponse } from '../transport/http-transport';
import type { EventRecord, StackRecord } from './results';
import type { StackRef } from './urls';

/** Heat's records turned into the client's types, and the list filters Heat can or cannot apply. */

/** A stack as Heat shows it by id. */
export interface Stack {
  readonly ref: StackRef;
  /** ACTION_STATUS, e.g. "CREATE_COMPLETE". */
  readonly status: string;
  readonly action: string;
  readonly statusPart: string;
  readonly statusReason: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
  readonly tags: readonly string[];
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Outputs Heat could not compute, with its reason. */
  readonly outputErrors: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The Keystone user name that created it. */
  readonly owner?: string;
}

export function toStack(record: StackRecord): Stack {
  const { action, status } = splitStackStatus(record.stack_status);
  const outputs: Record<string, unknown> = {};
  const outputErrors: Record<string, string> = {};
  for (const output of record.outputs ?? []) {
    if (output.output_error) outputErrors[output.output_key] = output.output_error;
    else outputs[output.output_key] = output.output_value;
  }
  return {
    ref: { name: record.stack_name, id: record.id },
    status: record.stack_status,
    action,
    statusPart: status,
    statusReason: record.stack_status_reason ?? '',
    createdAt: record.creation_time ?? '',
    updatedAt: record.updated_time ?? undefined,
    tags: record.tags,
    outputs,
    outputErrors,
    parameters: record.parameters ?? {},
    ...(record.stack_owner ? { owner: record.stack_owner } : {}),
  };
}

export function toSummary(record: StackRecord | Stack): StackSummary {
  const s = 'ref' in record ? record : toStack(record);
  return {
    id: s.ref.id,
    name: s.ref.name,
    status: s.status,
    statusReason: s.statusReason,
    createdAt: s.createdAt,
    ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
    tags: [...s.tags],
    ...(s.owner ? { owner: s.owner } : {}),
  };
}

export function toEvent(record: EventRecord, stackId: string): StackEvent {
  return {
    id: record.id,
    time: record.event_time,
    resourceName: record.resource_name,
    status: record.resource_status,
    statusReason: record.resource_status_reason ?? '',
    ...(record.physical_resource_id ? { physicalResourceId: record.physical_resource_id } : {}),
    isStackEvent: record.physical_resource_id === stackId,
  };
}

export function json(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new UnexpectedResponseError('Heat', res.status, 'GET', res.url, `not JSON: ${res.text.slice(0, 200)}`);
  }
}

/** Status filters Heat can apply itself: plain statuses, or a single ACTION_STATUS. */
export function serverStatusFilter(statuses: readonly string[]): string | undefined {
  if (statuses.length === 1) {
    const { action, status } = splitStackStatus(statuses[0]!);
    if (status && action) return `action=${encodeURIComponent(action)}&status=${encodeURIComponent(status)}`;
  }
  if (statuses.length && statuses.every((s) => ['COMPLETE', 'FAILED', 'IN_PROGRESS'].includes(s))) {
    return statuses.map((s) => `status=${s}`).join('&');
  }
  return undefined;
}

export function matchesStatus(status: string, wanted: readonly string[]): boolean {
  return wanted.length === 0 || wanted.some((w) => w === status || splitStackStatus(status).status === w);
}
