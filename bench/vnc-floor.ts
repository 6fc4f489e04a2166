import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { launchDetachableChromium } from './support/detachable-chromium';
import { startPageProfile } from './support/page-profile';
import { startPageTrace } from './support/page-trace';
import { cpuSeconds } from './support/process-tree';
import { chromiumPids, processRole } from './vnc-scene';

/** What our page did in the scene, for the floor to repeat: its canvas, how often it painted how much, what it was sent. */
export interface PageWork {
  readonly canvas: { readonly width: number; readonly height: number };
  readonly framesPerSecond: number;
  /** The mean area of one paint (putImageData's dirty rectangle). */
  readonly paint: { readonly width: number; readonly height: number };
  readonly bytesPerSecond: number;
  /** Whether its canvas's 2D context was desynchronized (as the RDP page's, desktop-link.ts, and the VNC tab's, opaque-rfb-canvas.ts). */
  readonly desynchronized?: boolean;
}

/**
 * The page's part of the VNC figure that no client code can remove: the same Chromium, window and
 * canvas, sent the same bytes per second in one binary WebSocket message per frame, acknowledging
 * each paint with a JSON message as the page does — `paint: false`, a page that only receives;
 * `paint: true`, one that also puts the same area of pixels on its canvas once per animation frame
 * that had bytes, as often as ours did, into an opaque canvas as ours does. No RFB decoding, no
 * app: what is left is Chromium's own cost of messages, canvas and compositing.
 */
const PAGE = (work: PageWork, paint: boolean, source?: string): string => `<!doctype html>
<body style="margin:0"><canvas width="${work.canvas.width}" height="${work.canvas.height}"></canvas>
<script>
// Opaque, as both desktops' canvases are (desktop-link.ts, opaque-rfb-canvas.ts), and so are its pixels.
const ctx = document.querySelector('canvas').getContext('2d', { alpha: false, desynchronized: ${work.desynchronized === true} });
const image = ctx.createImageData(${work.canvas.width}, ${work.canvas.height});
for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
const ws = new WebSocket(${source ? JSON.stringify(source) : "'ws://' + location.host + '/'"});
ws.binaryType = 'arraybuffer';
let received = 0, scheduled = false, frame = 0;
ws.onmessage = (event) => {
  received += event.data.byteLength;
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    frame += 1;
    if (${paint}) {
      image.data[(frame % ${work.paint.height}) * ${work.canvas.width} * 4] = frame & 255;
      ctx.putImageData(image, 0, 0, 0, 0, ${work.paint.width}, ${work.paint.height});
    }
    ws.send(JSON.stringify({ t: 'ack', bytes: received }));
    received = 0;
  });
};
ws.onopen = () => (document.title = 'ready');
</script>`;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** What a floor run may also report besides its CPU seconds. */
export interface FloorReports {
  /** The page's CPU profile of those seconds, written to `file`; its summary to `log`. */
  readonly profile?: { file: string; log: (summary: string) => void };
  /** A Chromium trace of those seconds (page-trace.ts), written to `file`; its summary to `log`. */
  readonly trace?: { file: string; log: (summary: string) => void };
  /** CPU seconds by process role ("chromium renderer", "chromium utility", …), to set beside ours. */
  readonly byProcess?: (used: ReadonlyMap<string, number>) => void;
  /**
   * Where the page gets its bytes instead of this module's sender (a WebSocket URL, e.g. the RDP
   * relay floor's), and the CPU seconds that source's process took over the same seconds.
   */
  readonly source?: { url: string; pid: number; cpu: (seconds: number) => void };
}

/** CPU seconds of every Chromium process in `seconds` while a floor page does `work`. */
export async function floorCpu(work: PageWork, paint: boolean, seconds: number, reports: FloorReports = {}): Promise<number> {
  const { profile, trace, byProcess, source } = reports;
  const http = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE(work, paint, source?.url)),
  );
  const sockets = new WebSocketServer({ server: http });
  const port = await listen(http);
  const frameBytes = Math.max(1, Math.round(work.bytesPerSecond / Math.max(1, work.framesPerSecond)));
  const payload = Buffer.alloc(frameBytes, 0x5a);
  let timer: ReturnType<typeof setInterval> | undefined;
  sockets.on('connection', (ws) => {
    timer = setInterval(() => ws.send(payload, { binary: true }), 1000 / Math.max(1, work.framesPerSecond));
  });
  const chrome = await launchDetachableChromium({ width: 1600, height: 1000 });
  try {
    await chrome.page.goto(`http://127.0.0.1:${port}/`);
    await chrome.page.waitForFunction("document.title === 'ready'");
    await chrome.detach();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const pids = chromiumPids();
    const cpuOf = (pid: number): number => {
      try {
        return cpuSeconds(pid);
      } catch {
        return 0; // a process that ended meanwhile
      }
    };
    const cpu = (): number => pids.reduce((sum, pid) => sum + cpuOf(pid), 0);
    const roles = new Map(pids.map((pid) => [pid, processRole(pid)]));
    const profiler = profile ? await startPageProfile(chrome.devToolsPort, `http://127.0.0.1:${port}/`) : undefined;
    const tracer = trace ? await startPageTrace(chrome.devToolsPort, `http://127.0.0.1:${port}/`) : undefined;
    const each = new Map(pids.map((pid) => [pid, cpuOf(pid)]));
    const before = cpu();
    const sourceBefore = source ? cpuOf(source.pid) : 0;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = cpu() - before;
    if (source) source.cpu(cpuOf(source.pid) - sourceBefore);
    if (byProcess) {
      const byRole = new Map<string, number>();
      for (const [pid, start] of each) byRole.set(roles.get(pid)!, (byRole.get(roles.get(pid)!) ?? 0) + cpuOf(pid) - start);
      byProcess(byRole);
    }
    if (profiler && profile) profile.log(await profiler.stop(profile.file));
    if (tracer && trace) trace.log(await tracer.stop(trace.file));
    return used;
  } finally {
    clearInterval(timer);
    chrome.stop();
    sockets.close();
    http.close();
  }
}
