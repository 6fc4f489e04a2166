import type { StackEvent, StackSummary } from '../../../shared/openstack/stack';
import { systemClock, type Clock } from '../../time/clock';
import { silentLogger, type Logger } from '../../log/logger';
import { HeatError, NetworkError, UnexpectedResponseError } from '../errors';
import type { KeystoneSession, ServiceRequest } from '../keystone/keystone-session';
import { backoffDelay, defaultRetryBackoff, parseRetryAfter, type BackoffPolicy } from '../transport/backoff';
import { RETRYABLE_STATUSES, type HttpResponse } from '../transport/http-transport';
import { createError, heatError, readFault } from './heat-errors';
import {
  createStackBody,
  hasTagFilter,
  listStacksSearch,
  updateStackBody,
  validateBody,
  type CreateStackInput,
  type ListStacksQuery,
  type StackTemplateInput,
  type UpdateStackInput,
} from './requests';
import { CreatedStackSchema, EventListSchema, StackBodySchema, StackListSchema } from './results';
import { json, matchesStatus, serverStatusFilter, toEvent, toStack, toSummary, type Stack } from './stack-records';
import type { JsonMap } from './template-files';
import {
  buildInfoPath,
  refFromLocation,
  stackActionsPath,
  stackEventsPath,
  stackLookupPath,
  stackPath,
  stacksPath,
  validatePath,
  type StackRef,
} from './urls';

export type { StackRef } from './urls';
export { toSummary, type Stack } from './stack-records';

export interface StackPage {
  readonly stacks: StackSummary[];
  /** Pass as `marker` for the next page; absent on the last page. */
  readonly nextMarker?: string;
}

export type StackActionName = 'suspend' | 'resume' | 'check';

export interface HeatClientOptions {
  readonly session: KeystoneSession;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly random?: () => number;
  /** Attempts for a create or an action that failed ambiguously (default 4). */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
}

const ORCHESTRATION = 'orchestration';

/**
 * Heat v1 for one project. Reads are retried by the transport; a create is never resent blindly:
 * after an ambiguous failure the stack is looked up by name, and the POST is sent again only when
 * Heat proves it has no such stack.
 */
export class HeatClient {
  readonly session: KeystoneSession;
  /** Counters for diagnostics and tests. */
  readonly stats = { createPosts: 0, ambiguousLookups: 0 };
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;

  constructor(options: HeatClientOptions) {
    this.session = options.session;
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('heat');
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.backoff = options.backoff ?? defaultRetryBackoff;
  }

  /** POST /validate: Heat's own check of template, files, environment and parameters. */
  async validate(input: StackTemplateInput, signal?: AbortSignal): Promise<JsonMap> {
    const res = await this.call({ method: 'POST', path: validatePath(), json: validateBody(input), idempotent: true, signal });
    if (res.status !== 200) throw heatError(res);
    return json(res) as JsonMap;
  }

  /** POST /stacks, safe against lost answers: at most one stack of this name ever results. */
  async create(input: CreateStackInput, signal?: AbortSignal): Promise<StackRef> {
    const body = createStackBody(input);
    let ambiguous = false;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= this.maxAttempts;
      let res: HttpResponse;
      try {
        this.stats.createPosts++;
        res = await this.call({ method: 'POST', path: stacksPath(), json: body, noRetry: true, signal });
      } catch (error) {
        if (!(error instanceof NetworkError) || last) throw error;
        if (error.maybeReceived) {
          ambiguous = true;
          const existing = await this.lookupAfterAmbiguity(input.name, signal);
          if (existing) return existing;
        }
        await this.pause(attempt, undefined, signal);
        continue;
      }
      if (res.status === 201) return this.createdRef(res, input.name);
      if (res.status === 409 && ambiguous) {
        // Our earlier, unanswered POST did create it after all.
        const existing = await this.find(input.name, signal);
        if (existing) return existing.ref;
      }
      if (RETRYABLE_STATUSES.has(res.status) && !last) {
        // A busy answer from a proxy in front of Heat does not prove Heat saw nothing: look first.
        ambiguous = true;
        const existing = await this.lookupAfterAmbiguity(input.name, signal);
        if (existing) return existing;
        await this.pause(attempt, res, signal);
        continue;
      }
      const token = await this.session.token();
      throw createError(res, this.session.cloud.name, token.applicationCredential);
    }
  }

  /** GET /stacks/{name or id}, following Heat's 302 to /stacks/{name}/{id}. Throws HeatError 404 when absent. */
  async get(stack: string | StackRef, signal?: AbortSignal): Promise<Stack> {
    const found = await this.find(stack, signal);
    if (!found)
      throw new HeatError(
        404,
        'Not Found',
        `The stack ${typeof stack === 'string' ? stack : stack.name} does not exist.`,
        'EntityNotFound',
      );
    return found;
  }

  /**
   * Like get, but undefined when Heat has no such stack. Looked up by id, a deleted stack is still
   * found, with DELETE_COMPLETE; looked up by name, it is not.
   */
  async find(stack: string | StackRef, signal?: AbortSignal): Promise<Stack | undefined> {
    let path = typeof stack === 'string' ? stackLookupPath(stack) : stackPath(stack);
    for (let hop = 0; hop < 3; hop++) {
      const res = await this.call({ method: 'GET', path, signal });
      if (res.status === 404) return undefined;
      if (res.status === 302 || res.status === 301) {
        const ref = refFromLocation(res.headers.location ?? '');
        if (!ref)
          throw new UnexpectedResponseError(
            'Heat',
            res.status,
            'GET',
            res.url,
            `redirect without a stack location: ${res.headers.location ?? ''}`,
          );
        // Heat builds Location from its own view of the host; keep our endpoint and take only name and id.
        path = stackPath(ref);
        continue;
      }
      if (res.status !== 200) throw heatError(res);
      const found = toStack(StackBodySchema.parse(json(res)).stack);
      // For a moment after a delete Heat still resolves the name to the deleted stack; by name,
      // a deleted stack is no stack. By id, Heat's DELETE_COMPLETE answer is returned as is.
      if (typeof stack === 'string' && found.status === 'DELETE_COMPLETE') return undefined;
      return found;
    }
    throw new UnexpectedResponseError('Heat', 302, 'GET', path, 'too many redirects');
  }

  /** The stack's outputs (values Heat computed; failures are in `outputErrors` of get()). */
  async outputs(stack: string | StackRef, signal?: AbortSignal): Promise<Readonly<Record<string, unknown>>> {
    return (await this.get(stack, signal)).outputs;
  }

  /** Events after `marker`, oldest first (GET …/events?sort_dir=asc&marker=). */
  async events(
    ref: StackRef,
    options: { marker?: string; limit?: number; nestedDepth?: number; signal?: AbortSignal } = {},
  ): Promise<StackEvent[]> {
    const params = new URLSearchParams({ sort_dir: 'asc', sort_keys: 'event_time' });
    if (options.marker) params.set('marker', options.marker);
    if (options.limit) params.set('limit', String(options.limit));
    if (options.nestedDepth) params.set('nested_depth', String(options.nestedDepth));
    const res = await this.call({ method: 'GET', path: `${stackEventsPath(ref)}?${params}`, signal: options.signal });
    if (res.status !== 200) throw heatError(res);
    return EventListSchema.parse(json(res)).events.map((e) => toEvent(e, ref.id));
  }

  /** The newest event's id: the marker to pass when waiting for an action about to start. */
  async latestEventId(ref: StackRef, signal?: AbortSignal): Promise<string | undefined> {
    const params = new URLSearchParams({ sort_dir: 'desc', sort_keys: 'event_time', limit: '1' });
    const res = await this.call({ method: 'GET', path: `${stackEventsPath(ref)}?${params}`, signal });
    if (res.status !== 200) throw heatError(res);
    return EventListSchema.parse(json(res)).events[0]?.id;
  }

  suspend(ref: StackRef, signal?: AbortSignal): Promise<void> {
    return this.action(ref, 'suspend', signal);
  }

  resume(ref: StackRef, signal?: AbortSignal): Promise<void> {
    return this.action(ref, 'resume', signal);
  }

  /** Never check a suspended stack: Heat then refuses to resume it (RESUME_FAILED after CHECK_COMPLETE). */
  check(ref: StackRef, signal?: AbortSignal): Promise<void> {
    return this.action(ref, 'check', signal);
  }

  /** PATCH /stacks/{name}/{id}: what is not sent is kept. */
  async update(ref: StackRef, input: UpdateStackInput, signal?: AbortSignal): Promise<void> {
    await this.resendable({ method: 'PATCH', path: stackPath(ref), json: updateStackBody(input), signal });
  }

  /** DELETE /stacks/{name}/{id}; a stack already gone is not an error. */
  async delete(ref: StackRef, signal?: AbortSignal): Promise<void> {
    const res = await this.call({ method: 'DELETE', path: stackPath(ref), signal });
    if (res.status === 204 || res.status === 200 || res.status === 404) return;
    throw heatError(res);
  }

  /** Gone = 404, or DELETE_COMPLETE by id (Heat keeps answering by id after a delete). */
  async isGone(ref: StackRef, signal?: AbortSignal): Promise<boolean> {
    const stack = await this.find(ref, signal);
    return !stack || stack.status === 'DELETE_COMPLETE';
  }

  /**
   * One page of GET /stacks with tag filters. Heat 19 answers 500 to tags= combined with a status
   * filter, so with tags the status is filtered here instead.
   */
  async list(query: ListStacksQuery = {}, signal?: AbortSignal): Promise<StackPage> {
    const statuses = query.status ?? [];
    const server = hasTagFilter(query) ? undefined : serverStatusFilter(statuses);
    let search = listStacksSearch(query);
    if (server) search += `${search ? '&' : '?'}${server}`;
    const res = await this.call({ method: 'GET', path: `${stacksPath()}${search}`, signal });
    if (res.status !== 200) throw heatError(res);
    const records = StackListSchema.parse(json(res)).stacks;
    const full = query.limit !== undefined && records.length >= query.limit;
    return {
      // Right after a delete Heat still lists the stack for a moment, DELETE_COMPLETE: it is gone.
      stacks: records
        .filter(
          (r) => matchesStatus(r.stack_status, statuses) && (r.stack_status !== 'DELETE_COMPLETE' || statuses.includes('DELETE_COMPLETE')),
        )
        .map(toSummary),
      ...(full && records.length ? { nextMarker: records[records.length - 1]!.id } : {}),
    };
  }

  /** Every page of list(). */
  async listAll(query: Omit<ListStacksQuery, 'marker'> = {}, signal?: AbortSignal): Promise<StackSummary[]> {
    const out: StackSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await this.list({ ...query, marker }, signal);
      out.push(...page.stacks);
      marker = page.nextMarker;
    } while (marker);
    return out;
  }

  /** GET /build_info: a cheap authenticated request proving Heat answers for this token. */
  async buildInfo(signal?: AbortSignal): Promise<JsonMap> {
    const res = await this.call({ method: 'GET', path: buildInfoPath(), signal });
    if (res.status !== 200) throw heatError(res);
    return json(res) as JsonMap;
  }

  /** POST …/actions {"<action>": null}; Heat answers 200 with an empty body. */
  private async action(ref: StackRef, name: StackActionName, signal?: AbortSignal): Promise<void> {
    await this.resendable({ method: 'POST', path: stackActionsPath(ref), json: { [name]: null }, signal });
  }

  /**
   * A request that starts a stack action (suspend, resume, check, update), resent after an
   * ambiguous failure: a duplicate then meets ActionInProgress, which proves the first arrived.
   */
  private async resendable(req: Omit<ServiceRequest, 'noRetry'>): Promise<void> {
    let resent = false;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= this.maxAttempts;
      let res: HttpResponse;
      try {
        res = await this.call({ ...req, noRetry: true });
      } catch (error) {
        if (!(error instanceof NetworkError) || last) throw error;
        resent ||= error.maybeReceived;
        await this.pause(attempt, undefined, req.signal);
        continue;
      }
      if (res.status === 200 || res.status === 202) return;
      if (res.status === 409 && resent && readFault(res).type === 'ActionInProgress') return;
      if (RETRYABLE_STATUSES.has(res.status) && !last) {
        await this.pause(attempt, res, req.signal);
        continue;
      }
      throw heatError(res);
    }
  }

  private call(req: ServiceRequest): Promise<HttpResponse> {
    return this.session.request(ORCHESTRATION, req);
  }

  private async lookupAfterAmbiguity(name: string, signal?: AbortSignal): Promise<StackRef | undefined> {
    this.stats.ambiguousLookups++;
    this.logger.info('create got no answer; looking the stack up by name before any resend', { name });
    const existing = await this.find(name, signal);
    if (existing && existing.status !== 'DELETE_COMPLETE') return existing.ref;
    return undefined;
  }

  private createdRef(res: HttpResponse, name: string): StackRef {
    const fromLocation = res.headers.location ? refFromLocation(res.headers.location) : undefined;
    if (fromLocation) return fromLocation;
    return { name, id: CreatedStackSchema.parse(json(res)).stack.id };
  }

  private async pause(attempt: number, res: HttpResponse | undefined, signal?: AbortSignal): Promise<void> {
    const retryAfter = res ? parseRetryAfter(res.headers['retry-after'], this.clock.now()) : undefined;
    await this.clock.sleep(retryAfter ?? backoffDelay(this.backoff, attempt, this.random), signal);
  }
}
