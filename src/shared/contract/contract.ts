import { z } from 'zod';
import { AppInfo, ClientLogEntry, Diagnostics, Notice } from './app';
import { Settings, SettingsPatch } from './settings';

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

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
  /** The learner did something: pushes the idle-suspend deadline of the active lab. */
  'activity.ping': { input: z.object({ source: z.enum(['ui', 'terminal', 'desktop']) }).strict(), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Every event the app pushes to the UI. */
export const events = {
  'app.notice': Notice,
  'settings.changed': Settings,
} as const satisfies Record<string, z.ZodType>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
/** What a handler receives: the input after validation and defaults. */
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** The surface the renderer sees, whichever transport carries it. */
export interface LabApi {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}

/** The raw surface the preload exposes as `window.lab`: strings and plain data only. */
export interface LabBridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}

/** IPC channel names shared by main and preload. */
export const IPC_CALL_CHANNEL = 'lab:call';
export const IPC_EVENT_CHANNEL = 'lab:event';
