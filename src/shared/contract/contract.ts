import * as z from 'zod';
import { cohortCalls, cohortEvents } from '../cohort/cohort-calls';
import { assistCalls, assistEvents } from '../cohort/assist-calls';
import { courseCalls } from '../course/course-calls';
import { courseTransferCalls } from './course-transfer';
import { enrolmentCalls } from './enrolment-calls';
import { labCalls, labEvents } from '../labs/lab-calls';
import { checkCalls, checkEvents } from '../labs/check-calls';
import { AppInfo, ClientLogEntry, Diagnostics, Notice } from './app';
import { cloudCalls } from './cloud-calls';
import type { CallName, EventName } from './names';
import { Settings, SettingsPatch } from './settings';
import { sessionCalls, sessionEvents } from './session-calls';
import { SESSION_KINDS } from '../stream/session-status';
import { COURSE_ID_PATTERN } from '../course/course-manifest';
import { DeepLink } from '../deep-link/deep-link';
import { APP_COMMAND_IDS } from '../commands/app-commands';

export * from './names';

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const AppCommandEvent = z.object({ id: z.enum(APP_COMMAND_IDS) }).strict();

/**
 * Every call from the UI to the app. Main's IPC handlers, the preload's `window.lab`, the
 * browser-mode WebSocket bridge and the renderer's client are all typed from this one table;
 * the receiving side validates `input` and the app validates its own `output`.
 */
export const calls = {
  'app.info': { input: Empty, output: AppInfo },
  'diagnostics.collect': { input: Empty, output: Diagnostics },
  'settings.get': { input: Empty, output: Settings },
  'settings.update': { input: SettingsPatch, output: Settings },
  'log.report': { input: ClientLogEntry, output: Ok },
  /** The learner did something in a course's lab screen: pushes the idle-suspend deadline of that course's lab only. */
  'activity.ping': {
    input: z.object({ source: z.enum(['ui', ...SESSION_KINDS]), courseId: z.string().regex(COURSE_ID_PATTERN) }).strict(),
    output: Ok,
  },
  ...courseCalls,
  ...courseTransferCalls,
  ...labCalls,
  ...checkCalls,
  ...sessionCalls,
  ...cohortCalls,
  ...assistCalls,
  ...enrolmentCalls,
  ...cloudCalls,
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

/** Every event the app pushes to the UI. */
export const events = {
  'app.notice': Notice,
  /** A labconsole:// link the OS, the CLI or a second launch handed to the app (already checked). */
  'app.deepLink': DeepLink,
  /** A command chosen in the desktop app's menu or tray, run by the UI like the palette runs it. */
  'app.command': AppCommandEvent,
  'settings.changed': Settings,
  ...labEvents,
  ...checkEvents,
  ...sessionEvents,
  ...cohortEvents,
  ...assistEvents,
} as const satisfies Record<EventName, z.ZodType>;

export type Calls = typeof calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
/** What a handler receives: the input after validation and defaults. */
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;

export type Events = typeof events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

/** The surface the renderer sees, whichever transport carries it. */
export interface LabApi {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}
