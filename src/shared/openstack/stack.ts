import * as z from 'zod';

/** Heat's stack actions (heat/engine/stack.py ACTIONS). */
export const StackActionSchema = z.enum([
  'INIT',
  'CREATE',
  'DELETE',
  'UPDATE',
  'ROLLBACK',
  'SUSPEND',
  'RESUME',
  'ADOPT',
  'SNAPSHOT',
  'CHECK',
  'RESTORE',
]);
export type StackAction = z.infer<typeof StackActionSchema>;

export const StackStatusPartSchema = z.enum(['IN_PROGRESS', 'FAILED', 'COMPLETE']);
export type StackStatusPart = z.infer<typeof StackStatusPartSchema>;

// Stacks and events are built at their first parse (z.lazy): the cloud commands read neither, and
// every schema built as a module loads is in their start-up blob (src/core/cli/cloud-schemas-built.test.ts).

/** A stack as lists and `--json` output show it. */
export const StackSummarySchema = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    /** ACTION_STATUS as Heat reports it, e.g. "CREATE_COMPLETE". */
    status: z.string(),
    statusReason: z.string(),
    /** ISO 8601. */
    createdAt: z.string(),
    updatedAt: z.string().optional(),
    tags: z.array(z.string()),
    /** The Keystone user name that created the stack (Heat's stack_owner). */
    owner: z.string().optional(),
  }),
);
export type StackSummary = z.infer<typeof StackSummarySchema>;

/** One Heat event, for progress display. */
export const StackEventSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    /** ISO 8601. */
    time: z.string(),
    /** The resource's logical name; the stack's own name for stack-level events. */
    resourceName: z.string(),
    /** ACTION_STATUS, e.g. "CREATE_IN_PROGRESS". */
    status: z.string(),
    statusReason: z.string(),
    physicalResourceId: z.string().optional(),
    /** True for events about the stack itself rather than one of its resources. */
    isStackEvent: z.boolean(),
  }),
);
export type StackEvent = z.infer<typeof StackEventSchema>;

/** Splits "SUSPEND_COMPLETE" into its action and status. */
export function splitStackStatus(status: string): { action: string; status: string } {
  for (const part of StackStatusPartSchema.options) {
    if (status.endsWith(`_${part}`)) {
      return { action: status.slice(0, -part.length - 1), status: part };
    }
  }
  return { action: status, status: '' };
}
