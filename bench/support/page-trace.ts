import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WebSocket } from 'ws';

/** One Chromium trace event (the JSON trace format) as a summary reads it. */
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  /** The thread's CPU time in the event (wall time, `dur`, also counts a loaded machine's waits). */
  readonly tdur?: number;
  readonly args?: { name?: string };
}

export interface PageTracer {
  /** Stops tracing, writes the events to `file`; answers each busy thread's costliest events, by self time. */
  stop(file: string): Promise<string>;
}

/**
 * Categories that name Chromium's own work outside JavaScript: style, layout, paint and
 * invalidations (devtools.timeline), the compositor and raster (cc), and the display compositor (viz).
 */
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'viz', 'blink', 'gpu', 'toplevel'].join(',');

/**
 * A trace of the whole browser (CDP Tracing, started from the page at `pageUrl`) from now until
 * `stop`, over a DevTools connection of its own, as page-profile.ts does: what the profiler calls
 * "(program)" is here by name — style recalculations, layout, paint, raster, compositing.
 */
export async function startPageTrace(devToolsPort: number, pageUrl: string): Promise<PageTracer> {
  const targets = (await (await fetch(`http://127.0.0.1:${devToolsPort}/json/list`)).json()) as {
    type: string;
    url: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => t.type === 'page' && t.url.startsWith(pageUrl));
  if (!target) throw new Error(`no page at ${pageUrl} to trace`);
  const ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const events: TraceEvent[] = [];
  let complete: (() => void) | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as {
      id?: number;
      method?: string;
      params?: { value?: TraceEvent[] };
      error?: { message: string };
    };
    if (message.method === 'Tracing.dataCollected') events.push(...(message.params?.value ?? []));
    else if (message.method === 'Tracing.tracingComplete') complete?.();
    else if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message));
      else call?.resolve();
    }
  });
  const call = (method: string, params: object = {}): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  const started = Date.now();
  return {
    async stop(file) {
      // Traced until now: handing the events over takes seconds more.
      const seconds = (Date.now() - started) / 1000;
      const done = new Promise<void>((resolve) => (complete = resolve));
      await call('Tracing.end');
      await done;
      ws.close();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      return summariseTrace(events, seconds);
    },
  };
}

/**
 * "Renderer/CrRendererMain 71.5 ms/s: 25.0 FunctionCall, 9.6 Canvas2DResourceProvider::…": each
 * thread's CPU time (self time, by event), per second traced.
 */
export function summariseTrace(events: readonly TraceEvent[], seconds: number, top = 10): string {
  const threadNames = new Map<string, string>();
  const processNames = new Map<number, string>();
  for (const event of events) {
    if (event.ph !== 'M') continue;
    if (event.name === 'thread_name') threadNames.set(`${event.pid}:${event.tid}`, event.args?.name ?? '?');
    if (event.name === 'process_name') processNames.set(event.pid, event.args?.name ?? '?');
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    const key = `${event.pid}:${event.tid}`;
    const list = byThread.get(key) ?? [];
    list.push(event);
    byThread.set(key, list);
  }
  const lines: { total: number; text: string }[] = [];
  for (const [key, list] of byThread) {
    // Self time: an event's CPU time less its children's (events nest on one thread, by wall time).
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const self = new Map<string, number>();
    const stack: { end: number; name: string }[] = [];
    let total = 0;
    for (const event of list) {
      const cpu = event.tdur ?? event.dur!;
      while (stack.length > 0 && stack.at(-1)!.end <= event.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - cpu);
      else total += cpu;
      self.set(event.name, (self.get(event.name) ?? 0) + cpu);
      stack.push({ end: event.ts + event.dur!, name: event.name });
    }
    const pid = Number(key.split(':')[0]);
    const name = `${processNames.get(pid) ?? pid}/${threadNames.get(key) ?? key}`;
    const costliest = [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([event, us]) => `${(us / 1000 / seconds).toFixed(1)} ${event}`)
      .join(', ');
    lines.push({ total, text: `${name} ${(total / 1000 / seconds).toFixed(1)} ms/s: ${costliest}` });
  }
  return lines
    .sort((a, b) => b.total - a.total)
    .filter((line) => line.total / 1000 / seconds >= 5)
    .map((line) => line.text)
    .join('\n');
}
