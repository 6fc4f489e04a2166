/**
 * The names of every call and event, without their schemas: the preload imports only this, so
 * its bundle stays tiny. contract.ts must give each name a schema (the compiler checks both ways).
 */
export const CALL_NAMES = [
  'app.info',
  'diagnostics.collect',
  'settings.get',
  'settings.update',
  'log.report',
  'activity.ping',
  'course.list',
  'course.get',
  'course.readStep',
  'course.import',
  'course.importBytes',
  'course.asset',
  'course.remove',
  'course.search',
  'course.setProgress',
  'course.openStep',
  'lab.view',
  'lab.cost',
  'lab.launch',
  'lab.suspend',
  'lab.resume',
  'lab.reset',
  'lab.extend',
  'lab.cancel',
  'lab.check',
  'lab.solve',
  'lab.checkHistory',
  'session.open',
  'session.resize',
  'session.close',
  'session.reconnect',
  'session.list',
  'session.clearScrollback',
  'session.webEntry',
  'session.tabs',
  'session.saveTabs',
  'cohort.list',
  'cohort.act',
  'cohort.events',
  'cohort.check',
  'cohort.watch',
  'assist.open',
  'assist.log',
  'assist.state',
  'enrolment.read',
  'enrolment.apply',
  'enrolment.fetch',
  'clouds.list',
  'clouds.inspectYaml',
  'clouds.add',
  'clouds.update',
  'clouds.check',
  'clouds.remove',
  'clouds.setDefault',
  'clouds.setRates',
  'clouds.setOrder',
] as const;

export const EVENT_NAMES = [
  'app.notice',
  'app.deepLink',
  'app.command',
  'settings.changed',
  'lab.changed',
  'lab.notice',
  'lab.checked',
  'session.status',
  'cohort.listed',
  'cohort.progress',
  'cohort.checkProgress',
  'assist.changed',
] as const;

export type CallName = (typeof CALL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

const callSet = new Set<string>(CALL_NAMES);
const eventSet = new Set<string>(EVENT_NAMES);

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && callSet.has(name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}

/** The raw surface the preload exposes as `window.lab`: strings and plain data only. */
export interface LabBridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
  /**
   * Asks for a live session's stream (Electron only): its MessagePort arrives through
   * `window.postMessage` with `{[STREAM_PORT_MESSAGE]: sessionId}` and the port in `ports`.
   */
  openStream?(sessionId: string): void;
}

/** IPC channel names shared by main and preload. */
export const IPC_CALL_CHANNEL = 'lab:call';
export const IPC_EVENT_CHANNEL = 'lab:event';
/** Renderer → main: "give me a MessagePort for this live session"; main answers on the same channel with the port. */
export const IPC_STREAM_CHANNEL = 'lab:stream';
/** The preload hands a session's port to the page with `window.postMessage({[STREAM_PORT_MESSAGE]: sessionId}, …, [port])`. */
export const STREAM_PORT_MESSAGE = 'labStreamPort';
