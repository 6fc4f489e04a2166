import type { JsonMap } from './template-files';

/** Bodies and queries of Heat v1 requests (api-ref orchestration v1). */

export interface StackTemplateInput {
  /** The template as a mapping (already rewritten by prepareTemplate) or as text. */
  readonly template: JsonMap | string;
  readonly files?: Readonly<Record<string, string>>;
  readonly environment?: JsonMap;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

export interface CreateStackInput extends StackTemplateInput {
  readonly name: string;
  readonly tags?: readonly string[];
  readonly timeoutMins?: number;
  readonly disableRollback?: boolean;
}

export interface UpdateStackInput {
  /** Omit to keep the current template (PATCH with existing: true). */
  readonly template?: JsonMap | string;
  readonly files?: Readonly<Record<string, string>>;
  readonly environment?: JsonMap;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly tags?: readonly string[];
  readonly timeoutMins?: number;
  readonly disableRollback?: boolean;
}

export function validateBody(input: StackTemplateInput): JsonMap {
  return {
    template: input.template,
    files: input.files ?? {},
    environment: input.environment ?? {},
    parameters: input.parameters ?? {},
  };
}

export function createStackBody(input: CreateStackInput): JsonMap {
  return {
    stack_name: input.name,
    template: input.template,
    files: input.files ?? {},
    environment: input.environment ?? {},
    parameters: input.parameters ?? {},
    ...(input.tags?.length ? { tags: input.tags.join(',') } : {}),
    ...(input.timeoutMins !== undefined ? { timeout_mins: input.timeoutMins } : {}),
    ...(input.disableRollback !== undefined ? { disable_rollback: input.disableRollback } : {}),
  };
}

/** PATCH keeps whatever is not sent ("existing" update, heatclient's --existing). */
export function updateStackBody(input: UpdateStackInput): JsonMap {
  return {
    ...(input.template !== undefined ? { template: input.template } : {}),
    ...(input.files ? { files: input.files } : {}),
    ...(input.environment ? { environment: input.environment } : {}),
    parameters: input.parameters ?? {},
    ...(input.tags ? { tags: input.tags.join(',') } : {}),
    ...(input.timeoutMins !== undefined ? { timeout_mins: input.timeoutMins } : {}),
    ...(input.disableRollback !== undefined ? { disable_rollback: input.disableRollback } : {}),
  };
}

export interface ListStacksQuery {
  /** Stacks carrying all these tags. */
  readonly tags?: readonly string[];
  /** Stacks carrying any of these tags. */
  readonly tagsAny?: readonly string[];
  readonly notTags?: readonly string[];
  readonly notTagsAny?: readonly string[];
  /** e.g. ["CREATE_COMPLETE", "SUSPEND_COMPLETE"] or plain statuses ("FAILED"). */
  readonly status?: readonly string[];
  readonly limit?: number;
  readonly marker?: string;
}

export function hasTagFilter(query: ListStacksQuery): boolean {
  return !!(query.tags?.length || query.tagsAny?.length || query.notTags?.length || query.notTagsAny?.length);
}

/** The query of GET /stacks without its status filter, which depends on the tags (see HeatClient.list). */
export function listStacksSearch(query: ListStacksQuery): string {
  const params = new URLSearchParams();
  if (query.tags?.length) params.set('tags', query.tags.join(','));
  if (query.tagsAny?.length) params.set('tags_any', query.tagsAny.join(','));
  if (query.notTags?.length) params.set('not_tags', query.notTags.join(','));
  if (query.notTagsAny?.length) params.set('not_tags_any', query.notTagsAny.join(','));
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.marker) params.set('marker', query.marker);
  const text = params.toString();
  return text ? `?${text}` : '';
}
