import WebSocket from 'ws';
import type { ServerFrame } from '../../src/shared/contract';
import type { ServeProcess } from './serve-process';

/**
 * The contract of a running `lab-console serve`, spoken from a test as the page speaks it: calls
 * and events on `/api`, and a session's stream on `/stream` (binary output, JSON control), with the
 * access token and the app's own Origin.
 */
export interface ServeApi {
  call<T>(name: string, input: unknown): Promise<T>;
  /** Every event so far, in order. */
  readonly events: { event: string; payload: unknown }[];
  close(): void;
}

function open(serve: ServeProcess, path: string, query: Record<string, string> = {}): Promise<WebSocket> {
  const params = new URLSearchParams({ ...query, token: serve.token });
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}${path}?${params}`, { origin: `http://127.0.0.1:${serve.port}` });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_request, response) => reject(new Error(`${path}: HTTP ${response.statusCode}`)));
  });
}

export async function openServeApi(serve: ServeProcess): Promise<ServeApi> {
  const ws = await open(serve, '/api');
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const events: { event: string; payload: unknown }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if ('event' in frame) {
      events.push({ event: frame.event, payload: frame.payload });
      return;
    }
    const waiting = pending.get(frame.id);
    pending.delete(frame.id);
    if (frame.result.ok) waiting?.resolve(frame.result.value);
    else waiting?.reject(new Error(`${frame.result.error.code}: ${frame.result.error.message}`));
  });
  return {
    events,
    call: <T>(name: string, input: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        ws.send(JSON.stringify({ id, call: name, input }));
      }),
    close: () => ws.close(),
  };
}

export interface ServeStream {
  send(message: unknown): void;
  close(): void;
}

/** Attaches a session's stream; output bytes and control messages go to the handlers. */
export async function openServeStream(
  serve: ServeProcess,
  sessionId: string,
  handlers: { data(bytes: Buffer): void; control(message: { t: string; [key: string]: unknown }): void },
): Promise<ServeStream> {
  const ws = await open(serve, '/stream', { session: sessionId });
  ws.on('message', (data, isBinary) => {
    if (isBinary) handlers.data(data as Buffer);
    else handlers.control(JSON.parse(data.toString()) as { t: string });
  });
  return { send: (message) => ws.send(JSON.stringify(message)), close: () => ws.close() };
}
