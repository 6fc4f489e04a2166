import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WebSocket } from 'ws';
import { summariseProfile, type CpuProfile } from './cpu-profile-summary';
import { summariseHeapProfile, type SamplingHeapProfile } from './heap-profile-summary';

export interface PageProfiler {
  /**
   * Stops profiling, writes the profile to `file` (and the allocations to the same name ending
   * .heapprofile); answers the functions that took most, by self time, and those that allocated most.
   */
  stop(file: string): Promise<string>;
}

/**
 * Chromium's sampling profiler on the main thread of the page at `pageUrl` (CDP Profiler), from
 * now until `stop` — over a DevTools connection of its own that enables nothing else: Playwright's
 * session reports every WebSocket frame to its driver, which would be most of what it measured.
 */
export async function startPageProfile(devToolsPort: number, pageUrl: string): Promise<PageProfiler> {
  const targets = (await (await fetch(`http://127.0.0.1:${devToolsPort}/json/list`)).json()) as {
    type: string;
    url: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => t.type === 'page' && t.url.startsWith(pageUrl));
  if (!target) throw new Error(`no page at ${pageUrl} to profile`);
  const ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let next = 0;
  const call = (method: string, params: object = {}): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const onMessage = (data: Buffer): void => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
        if (message.id !== id) return;
        ws.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  // Every allocation sampled, short-lived ones included: what the page's garbage collector has to clear.
  await call('HeapProfiler.startSampling', {
    samplingInterval: 8192,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const started = performance.now();
  return {
    async stop(file) {
      const { profile } = (await call('Profiler.stop')) as { profile: CpuProfile };
      const { profile: heap } = (await call('HeapProfiler.stopSampling')) as { profile: SamplingHeapProfile };
      const seconds = (performance.now() - started) / 1000;
      ws.close();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      writeFileSync(file.replace(/\.cpuprofile$/, '') + '.heapprofile', JSON.stringify(heap));
      return `${summariseProfile(profile)}\nallocations: ${summariseHeapProfile(heap, seconds)}`;
    },
  };
}
