import * as z from 'zod';
import { CONNECTION_NAME_PATTERN } from '../course/course-manifest';
import { SessionKindSchema } from './session-status';
import { ServiceName } from '../course/lab-services';

/**
 * The tabs of a course's Lab screen — a terminal, a desktop or a web console each, on one connection of the lab —
 * as the learner arranged them. The app keeps them per course, so they come back after the lab was
 * suspended and resumed, or the app restarted; each tab finds its running session by `id`.
 */

export const TAB_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const TabId = z.string().regex(TAB_ID_PATTERN);
/** More tabs than fit in a row help nobody; it also bounds what a window can make the app store. */
export const MAX_WORKSPACE_TABS = 24;
export const MAX_TAB_TITLE = 40;

export const WorkspaceTab = z
  .object({
    id: TabId,
    kind: SessionKindSchema,
    connection: z.string().regex(CONNECTION_NAME_PATTERN),
    /** A web console's service (course.yaml `lab.services[].name`); `connection` is the ssh connection it is reached through. */
    service: ServiceName.optional(),
    /** The learner's name for it; null: the connection's name (numbered when there are several). */
    title: z.string().trim().min(1).max(MAX_TAB_TITLE).nullable(),
  })
  .strict();
export type WorkspaceTab = z.infer<typeof WorkspaceTab>;

export const WorkspaceTabs = z
  .object({
    tabs: z
      .array(WorkspaceTab)
      .max(MAX_WORKSPACE_TABS)
      .refine((tabs) => new Set(tabs.map((t) => t.id)).size === tabs.length, 'tab ids must be unique'),
    /** The tab shown; null: the first. */
    active: TabId.nullable(),
  })
  .strict();
export type WorkspaceTabs = z.infer<typeof WorkspaceTabs>;
