import * as z from 'zod';

/**
 * Heat v1 response shapes we rely on (heat/api/openstack/v1, heat/engine/api.py). Extra fields pass through.
 * The stack and event shapes are built at their first parse (z.lazy): `cloud check` and `cloud list` read
 * none, and every schema built as a module loads is in the cloud commands' start-up blob
 * (src/core/cli/cloud-schemas-built.test.ts).
 */

const tags = () =>
  z
    .union([z.array(z.string()), z.string(), z.null()])
    .optional()
    .transform((tags) => (tags == null ? [] : Array.isArray(tags) ? tags : tags.split(',').filter(Boolean)));

export const StackOutputSchema = z.lazy(() =>
  z.object({
    output_key: z.string(),
    output_value: z.unknown().optional(),
    description: z.string().nullish(),
    output_error: z.string().nullish(),
  }),
);

export const StackRecordSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    stack_name: z.string(),
    stack_status: z.string(),
    stack_status_reason: z.string().nullish(),
    creation_time: z.string().nullish(),
    updated_time: z.string().nullish(),
    deletion_time: z.string().nullish(),
    tags: tags(),
    outputs: z.array(StackOutputSchema).nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    timeout_mins: z.number().nullish(),
    disable_rollback: z.boolean().nullish(),
    /** The Keystone user name that created the stack (Heat's context username). */
    stack_owner: z.string().nullish(),
  }),
);
export type StackRecord = z.infer<typeof StackRecordSchema>;

export const StackBodySchema = z.lazy(() => z.object({ stack: StackRecordSchema }));
export const StackListSchema = z.lazy(() => z.object({ stacks: z.array(StackRecordSchema) }));
export const CreatedStackSchema = z.lazy(() => z.object({ stack: z.object({ id: z.string() }) }));

export const EventRecordSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    event_time: z.string(),
    resource_name: z.string(),
    logical_resource_id: z.string().nullish(),
    physical_resource_id: z.string().nullish(),
    resource_status: z.string(),
    resource_status_reason: z.string().nullish(),
  }),
);
export type EventRecord = z.infer<typeof EventRecordSchema>;
export const EventListSchema = z.lazy(() => z.object({ events: z.array(EventRecordSchema) }));

/** Heat's fault body (heat/api/middleware/fault.py). */
export const HeatFaultSchema = z.object({
  code: z.number().optional(),
  title: z.string().optional(),
  explanation: z.string().optional(),
  error: z.object({ type: z.string().nullish(), message: z.string().nullish() }).nullish(),
});
