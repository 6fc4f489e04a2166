import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as settle } from 'node:timers/promises';
import { findLab } from '../test/sandbox/lab-control';
import { missingDesktopTools } from '../test/sandbox/desktop-probe';
import { readSandboxState } from '../test/sandbox/state';
import { learnerCli, learnerEnv } from '../test/support/learner-cli';
import { startServe } from '../test/support/serve-process';
import type { Bench, BenchContext, BenchResult } from './bench';
import { startRdpRelayFloor } from './rdp-relay-floor';
import { scroll, startXfreerdp, XFREERDP_LIKE_OURS } from './rdp-scene';
import { benchCourse } from './support/bench-course';
import {
  applyingCost,
  desktopFrames,
  KEEP_SOCKETS,
  messagesContent,
  START_RECORDING,
  TAKE_RECORDING,
  unpackRecording,
} from './support/desktop-messages';
import { desktopSize, desktopTty } from './support/desktop-page';
import { launchDetachableChromium } from './support/detachable-chromium';
import { applyingCostInPage } from './support/framebuffer-in-page';
import { COUNT_PAINTS, paintsBetween } from './support/page-paints';
import { startPageProfile } from './support/page-profile';
import { startPageTrace } from './support/page-trace';
import { bytesReceivedFrom, chromiumProcesses, cpuOf, mainThreadCpuSeconds } from './support/process-tree';
import { median, round } from './support/stats';
import { floorCpu, type PageWork } from './vnc-floor';

/**
 * CPU for a scrolling remote terminal, the whole client on each side, same scene, same desktop:
 * ours is the app as a learner runs it — `lab-console serve` (RDP, decoding, frame batching) and
 * Chromium showing the Desktop tab (parsing frames, drawing the canvas, compositing: every Chromium
 * process) — beside xfreerdp and the Xvfb it draws into. Both log in to the same lab desktop at the
 * same size and 24 bpp, and ask for the same things: no bulk compression, no codec, so bitmaps come
 * as interleaved-RLE bitmap updates (rdp-scene.ts XFREERDP_LIKE_OURS); which updates each side
 * actually got is logged, and the bytes xrdp sent each (on the wire, `ss`) are printed beside the
 * CPU. Samples of a few seconds each while the lab's xterm scrolls at a fixed rate; the median of 5.
 * Playwright sets the page up and lets go of the browser before measuring: attached, its DevTools
 * session had Chromium base64-encode every desktop frame and ship it to the driver, a third of
 * "our" CPU that no learner's browser spends.
 */
const COURSE = 'bench-rdp-cpu';
const LINES_PER_SECOND = 2000;
/**
 * LAB_BENCH_RDP_PROFILE=<folder>: CPU profiles into that folder — the page's main thread over one
 * more sample after the measured ones (Chromium's profiler costs the page CPU of its own, so it
 * never runs while ours is measured), the painting floor page's, and serve's (node --cpu-prof,
 * written when it stops).
 */
const PROFILE_DIR = process.env.LAB_BENCH_RDP_PROFILE;
/**
 * LAB_BENCH_RDP_TRACE=<folder>: a Chromium trace (style, layout, paint, raster, compositing by
 * thread, page-trace.ts) of one more sample after the measured ones, and of the painting floor page,
 * into that folder: what Chromium itself does per paint in each, by name.
 */
const TRACE_DIR = process.env.LAB_BENCH_RDP_TRACE;

interface Sample {
  cpu: number;
  /** CPU seconds per part, e.g. serve, renderer, gpu-process. */
  parts: Record<string, number>;
  bytes: number;
  /** Bytes the page got from serve (ours only). */
  pageBytes: number;
  /** CPU seconds of serve's main thread (ours only); the rest of its part is its other threads. */
  serveMain: number;
  lines: number;
  /** When it ran, ms since the epoch. */
  from: number;
  to: number;
}

/**
 * One sample: `seconds` of scrolling, the CPU of each part's processes and the bytes xrdp (and serve,
 * given its port and pid) sent meanwhile.
 */
async function sample(
  parts: () => Record<string, number[]>,
  rdpPort: number,
  tty: string,
  seconds: number,
  serve?: { port: number; pid: number },
): Promise<Sample> {
  const servePort = serve?.port;
  const pids = parts();
  const before = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, cpuOf(v)]));
  const serveMainBefore = serve ? mainThreadCpuSeconds(serve.pid) : 0;
  const bytesBefore = bytesReceivedFrom(rdpPort);
  const pageBytesBefore = servePort === undefined ? 0 : bytesReceivedFrom(servePort);
  const from = Date.now();
  const lines = await scroll([tty], seconds, LINES_PER_SECOND);
  const to = Date.now();
  const used = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, cpuOf(v) - before[k]!]));
  const serveMain = serve ? mainThreadCpuSeconds(serve.pid) - serveMainBefore : 0;
  const pageBytes = servePort === undefined ? 0 : bytesReceivedFrom(servePort) - pageBytesBefore;
  return {
    cpu: Object.values(used).reduce((a, b) => a + b, 0),
    parts: used,
    bytes: bytesReceivedFrom(rdpPort) - bytesBefore,
    pageBytes,
    serveMain,
    lines,
    from,
    to,
  };
}

/** What our page did over the samples, for the floor to repeat (vnc-floor.ts). */
function pageWork(
  samples: readonly Sample[],
  canvas: { width: number; height: number },
  paints: { count: number; width: number; height: number },
): PageWork {
  const seconds = samples.reduce((sum, s) => sum + (s.to - s.from) / 1000, 0);
  const span = (samples.at(-1)!.to - samples[0]!.from) / 1000;
  return {
    canvas,
    framesPerSecond: paints.count / span,
    paint: { width: Math.max(1, Math.round(paints.width)), height: Math.max(1, Math.round(paints.height)) },
    bytesPerSecond: samples.reduce((sum, s) => sum + s.pageBytes, 0) / seconds,
    // As the desktop page's canvas (desktop-link.ts canvasSink).
    desynchronized: true,
  };
}

function summary(samples: readonly Sample[], seconds: number) {
  const share = median(samples.map((s) => (s.cpu / seconds) * 100));
  const serveShare = samples[0]?.parts.serve === undefined ? undefined : median(samples.map((s) => (s.parts.serve! / seconds) * 100));
  const mib = median(samples.map((s) => s.bytes / 2 ** 20));
  const parts = Object.keys(samples[0]?.parts ?? {}).map(
    (k) => `${k} ${round(median(samples.map((s) => (s.parts[k]! / seconds) * 100)), 1)} %`,
  );
  return { share, serveShare, mib, parts };
}

/** What xfreerdp got from xrdp, from its TRACE log: client info flags and how many updates of each kind. */
function xfreerdpNegotiation(log: string): string {
  const flags = /Client Info Packet Flags = (\S+)/.exec(log)?.[1] ?? '?';
  const count = (pattern: RegExp) => (log.match(pattern) ?? []).length;
  return (
    `client info ${flags.includes('INFO_COMPRESSION') ? 'with' : 'without'} INFO_COMPRESSION; ` +
    `${count(/Bitmap Update Data PDU/g)} bitmap updates, ${count(/SurfaceBits|codecID \d/g)} surface commands (codecs), ` +
    `${count(/Primary Drawing Order|primary order/gi)} drawing orders, ${count(/Cache Bitmap|cache bitmap/gi)} cache orders`
  );
}

const bench: Bench = {
  name: 'rdp-cpu',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const seconds = full ? 5 : 1;
    const rounds = full ? 5 : 1;
    // The tiny size only proves the bench runs: no warm-up sample, and shorter waits for xfreerdp's first paint.
    const warmUps = full ? 1 : 0;
    const firstPaintMs = full ? 6000 : 3000;
    const state = readSandboxState();
    const dir = mkdtempSync(join(tmpdir(), 'lc-bench-rdp-'));
    const env = learnerEnv(state, dir, 'learner1');
    const { cli, cliOk } = learnerCli(
      () => dir,
      () => env,
    );
    const missing = missingDesktopTools();
    await cliOk('course', 'import', benchCourse(dir, COURSE));
    await cliOk('lab', 'launch', COURSE, '--wait');
    // LAB_BENCH_SERVE_NODE_ARGS: options for serve's node, e.g. `--cpu-prof --cpu-prof-dir=DIR` to see where its share goes.
    const serveNodeArgs = process.env.LAB_BENCH_SERVE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    if (PROFILE_DIR) serveNodeArgs.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`);
    const serve = await startServe(dir, env, serveNodeArgs);
    const chrome = await launchDetachableChromium({ width: 1920, height: 1100 });
    try {
      const status = JSON.parse(await cliOk('--json', 'lab', 'status', COURSE)) as { lab: { stackId: string } };
      const { rdpPort } = await findLab(state, status.lab.stackId);
      const { page } = chrome;
      // Keeps the page's sockets, so that one more sample can record what the desktop's sent it (desktop-messages.ts).
      await page.addInitScript(KEEP_SOCKETS);
      await page.goto(serve.url);
      await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
      await page.getByRole('tab', { name: 'Desktop' }).click();
      await page.locator('.desktop-view').getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
      const size = await desktopSize(page);
      const tty = await desktopTty(page);
      await page.evaluate(COUNT_PAINTS);
      // Measured as a learner's browser runs: no DevTools session reporting every WebSocket frame.
      await chrome.detach();
      await settle(full ? 1500 : 500);
      // Ours: serve and every Chromium process (browser, renderer, GPU/compositor, utilities).
      const oursParts = () => ({ serve: [serve.child.pid!], ...Object.fromEntries(chromiumProcesses(process.pid)) });
      const serveSide = { port: serve.port, pid: serve.child.pid! };
      const ours: Sample[] = [];
      for (let i = -warmUps; i < rounds; i++) {
        const s = await sample(oursParts, rdpPort, tty, seconds, serveSide);
        if (i >= 0) ours.push(s); // the first is a warm-up
      }
      const o = summary(ours, seconds);
      if (PROFILE_DIR) {
        const profiler = await startPageProfile(chrome.devToolsPort, `http://127.0.0.1:${serve.port}/`);
        await sample(oursParts, rdpPort, tty, seconds, serveSide);
        context.log(`page profile: ${await profiler.stop(join(PROFILE_DIR, 'page.cpuprofile'))}`);
      }
      if (TRACE_DIR) {
        const tracer = await startPageTrace(chrome.devToolsPort, `http://127.0.0.1:${serve.port}/`);
        await sample(oursParts, rdpPort, tty, seconds, serveSide);
        context.log(`page trace:\n${await tracer.stop(join(TRACE_DIR, 'page.trace.json'))}`);
      }
      // serve's own cost per MiB it relayed: unlike its % of a core, it hardly moves with how fast the machine lets the scene scroll.
      const serveMsPerMiB = median(ours.map((s) => (s.bytes > 0 ? ((s.parts.serve ?? 0) * 1000) / (s.bytes / 2 ** 20) : Number.NaN)));
      // Split by thread: V8's workers do the concurrent marking and sweeping of major GCs, which come in some runs and not others.
      const serveMainMsPerSecond = median(ours.map((s) => (s.serveMain * 1000) / seconds));
      const serveOtherMsPerSecond = median(ours.map((s) => (((s.parts.serve ?? 0) - s.serveMain) * 1000) / seconds));
      context.log(
        `ours (${size.width}×${size.height}, ${ours[0]?.lines ?? 0} lines per sample into ${tty}): ${round(o.share, 1)} % of a core [${o.parts.join(', ')}], ` +
          `${round(o.mib, 2)} MiB from xrdp per sample, serve ${round(serveMsPerMiB, 1)} CPU-ms per MiB ` +
          `(main thread ${round(serveMainMsPerSecond, 1)} ms/s, other threads ${round(serveOtherMsPerSecond, 1)} ms/s); client: no INFO_COMPRESSION, no drawing orders, no codecs (node-rdpjs-2 capabilities)`,
      );
      const results: BenchResult[] = [];
      if (missing.length > 0) {
        context.log(`xfreerdp not measured: missing ${missing.join(', ')}`);
        results.push({
          metric: `CPU, scrolling remote terminal, ${size.width}×${size.height} 24 bpp (ours; xfreerdp missing)`,
          value: round(o.share, 1),
          unit: '% of a core',
        });
        return results;
      }

      // Our session off the desktop (its tab closed), so xfreerdp takes over the same X session.
      const driven = await chrome.reattach();
      const paints = (await driven.evaluate(paintsBetween(ours[0]!.from, ours.at(-1)!.to))) as {
        count: number;
        width: number;
        height: number;
      };
      const work = pageWork(ours, size, paints);
      // One more sample, detached as the measured ones, recording the messages the page was sent, to apply them again alone below.
      const listening = (await driven.evaluate(START_RECORDING)) as number;
      await chrome.detach();
      const recorded = await sample(oursParts, rdpPort, tty, seconds, serveSide);
      const recordedPage = await chrome.reattach();
      const frames = desktopFrames(unpackRecording((await recordedPage.evaluate(TAKE_RECORDING)) as string));
      const content = messagesContent(frames);
      context.log(
        `recorded on ${listening} sockets over ${round((recorded.to - recorded.from) / 1000, 1)} s: ${content.frames} desktop messages (${content.others} others), ` +
          `${round(content.bytes / 2 ** 20, 2)} MiB (serve sent ${round(recorded.pageBytes / 2 ** 20, 2)} MiB on the wire), ` +
          `compressed bitmaps by bpp ${JSON.stringify(content.compressedByBpp)} of ${round(content.compressedPixels / 1e6, 2)} Mpix, ${content.rgbaRects} RGBA rectangles`,
      );
      context.log(
        `our page: ${round(work.framesPerSecond, 1)} paints/s of ${work.paint.width}×${work.paint.height} on average, ${round(work.bytesPerSecond / 2 ** 20, 2)} MiB/s from serve`,
      );
      await recordedPage.getByRole('tab', { name: 'Desktop' }).focus();
      await recordedPage.keyboard.press('Delete');
      for (let i = 0; i < 100 && bytesReceivedFrom(rdpPort) > 0; i++) await settle(100);
      // The recorded messages applied again in our page's own renderer, now its desktop is closed and nothing else runs.
      const appliedInPage = await applyingCostInPage(
        recordedPage,
        () => [...chromiumProcesses(process.pid).values()].flat(),
        full ? 2 : 0,
        full ? 3 : 1,
      );

      const login = { port: rdpPort, user: state.lab.user, password: state.lab.password };
      const traceLog = join(dir, 'xfreerdp-trace.log');
      const traced = await startXfreerdp(login, size.width, size.height, traceLog);
      await settle(firstPaintMs);
      await scroll([tty], 2, LINES_PER_SECOND);
      traced.stop();
      context.log(`xfreerdp ${XFREERDP_LIKE_OURS.join(' ')} got: ${xfreerdpNegotiation(readFileSync(traceLog, 'utf8'))}`);
      await settle(1000);

      const client = await startXfreerdp(login, size.width, size.height);
      const peer: Sample[] = [];
      try {
        await settle(firstPaintMs); // log-in and first paint (~2 s here); xfreerdp says nothing when it is ready
        const peerParts = () => ({ xfreerdp: [client.pids[1]!], Xvfb: [client.pids[0]!] });
        for (let i = -warmUps; i < rounds; i++) {
          const s = await sample(peerParts, rdpPort, tty, seconds);
          if (i >= 0) peer.push(s);
        }
      } finally {
        client.stop();
      }
      const p = summary(peer, seconds);
      context.log(`xfreerdp + Xvfb: ${round(p.share, 1)} % of a core [${p.parts.join(', ')}], ${round(p.mib, 2)} MiB from xrdp per sample`);
      // The floor: Chromium alone receiving what our page got and painting as it did (vnc-floor.ts), no RDP, no app.
      chrome.stop();
      const floorSeconds = seconds * rounds;
      const received = (await floorCpu(work, false, floorSeconds)) / floorSeconds;
      const floorProfile = PROFILE_DIR
        ? { file: join(PROFILE_DIR, 'floor.cpuprofile'), log: (line: string) => context.log(`floor page profile: ${line}`) }
        : undefined;
      const floorTrace = TRACE_DIR
        ? { file: join(TRACE_DIR, 'floor.trace.json'), log: (summary: string) => context.log(`floor page trace:\n${summary}`) }
        : undefined;
      const painted = (await floorCpu(work, true, floorSeconds, { profile: floorProfile, trace: floorTrace })) / floorSeconds;
      const floorShare = painted * 100;
      const chromiumShare = o.share - (o.serveShare ?? 0);
      context.log(
        `floor, Chromium alone: receiving the same bytes ${round(received * 100, 1)} %, and painting as ours did ${round(floorShare, 1)} % of a core ` +
          `(${round(floorShare / p.share, 2)} × the peer), against ours ${round(chromiumShare, 1)} % in Chromium and ${round(o.serveShare ?? 0, 1)} % in serve`,
      );
      // serve's floor: a bare node relay (rdp-relay-floor.ts) reading xrdp's bytes per second over TLS and writing them to the same floor page.
      const xrdpBytesPerSecond = ours.reduce((sum, s) => sum + s.bytes, 0) / (seconds * ours.length);
      const pageShare = ours.reduce((sum, s) => sum + s.pageBytes, 0) / ours.reduce((sum, s) => sum + s.bytes, 0);
      const relay = await startRdpRelayFloor(xrdpBytesPerSecond, pageShare);
      let relayCpu = Number.NaN;
      let relayPageCpu: number;
      try {
        relayPageCpu = await floorCpu(work, true, floorSeconds, {
          source: { url: relay.url, pid: relay.pid, cpu: (used) => (relayCpu = used) },
        });
      } finally {
        await relay.stop();
      }
      const relayShare = (relayCpu / floorSeconds) * 100;
      const relayPageShare = (relayPageCpu / floorSeconds) * 100;
      const relayMsPerMiB = (relayCpu * 1000) / ((xrdpBytesPerSecond * floorSeconds) / 2 ** 20);
      const floorSum = floorShare + relayShare;
      context.log(
        `serve floor, relaying the same bytes (${round(xrdpBytesPerSecond / 2 ** 20, 2)} MiB/s over TLS, ${round(pageShare * 100)} % of them into the floor page's WebSocket, as serve sent ours): ` +
          `${round(relayShare, 1)} % of a core, ${round(relayMsPerMiB, 1)} CPU-ms per MiB, against serve ${round(o.serveShare ?? 0, 1)} %, ${round(serveMsPerMiB, 1)} ms per MiB ` +
          `(the floor page fed by it: ${round(relayPageShare, 1)} %)`,
      );
      context.log(
        `floor: Chromium alone + relay alone = ${round(floorShare, 1)} + ${round(relayShare, 1)} = ${round(floorSum, 1)} % = ${round(floorSum / p.share, 2)} × peer; ` +
          `ours ${round(o.share, 1)} % = ${round(o.share / p.share, 2)} × peer`,
      );
      // Decoding, which the floor page does not do and any client built as ours must: the recorded messages applied again
      // as the page's framebuffer applies them, in our page's Chromium (above) and in node (here, nothing else running),
      // per byte scaled to what the measured samples sent the page per second.
      const applied = applyingCost(frames, full ? 2 : 0, full ? 3 : 1);
      const msPerMiB = (cpuPerPass: number) => (content.bytes > 0 ? (cpuPerPass * 1000) / (content.bytes / 2 ** 20) : 0);
      const nodeMsPerMiB = msPerMiB(applied.cpuPerPass);
      const decodeMsPerMiB = msPerMiB(appliedInPage.cpuPerPass);
      const pageMiBPerSecond = work.bytesPerSecond / 2 ** 20;
      const decodeShare = (decodeMsPerMiB * pageMiBPerSecond) / 10;
      context.log(
        `decoding the recorded messages as the page does (DesktopFramebuffer.applyMessage, warm, in place, ${applied.broken} broken): ` +
          `in our page's Chromium ${round(decodeMsPerMiB, 1)} CPU-ms per MiB (${appliedInPage.passes} passes of ${appliedInPage.frames} messages), ` +
          `in node ${round(nodeMsPerMiB, 1)} (${applied.passes} passes); at the measured samples' ${round(pageMiBPerSecond, 2)} MiB/s ` +
          `${round(decodeShare * 10, 1)} ms per second = ${round(decodeShare, 1)} % of a core (node ${round(nodeMsPerMiB * pageMiBPerSecond, 1)} ms)`,
      );
      const decodedFloorSum = floorSum + decodeShare;
      context.log(
        `floor with decoding: Chromium alone + relay alone + decoding = ${round(floorShare, 1)} + ${round(relayShare, 1)} + ${round(decodeShare, 1)} = ` +
          `${round(decodedFloorSum, 1)} % = ${round(decodedFloorSum / p.share, 2)} × peer`,
      );
      const cpuPerMiB = (s: typeof o) => (s.mib > 0 ? round((s.share * seconds) / 100 / s.mib, 3) : Number.NaN);
      results.push({
        metric: `CPU, scrolling remote terminal (${LINES_PER_SECOND} lines/s), ${size.width}×${size.height} 24 bpp: serve + Chromium, median of ${rounds}`,
        value: round(o.share, 1),
        unit: '% of a core',
        peer: { name: 'xfreerdp + Xvfb, same capabilities', value: round(p.share, 1) },
        notes: [
          `ours ${o.parts.join(', ')}`,
          `MiB from xrdp per ${seconds} s: ours ${round(o.mib, 2)}, xfreerdp ${round(p.mib, 2)}`,
          `CPU-s per MiB: ours ${cpuPerMiB(o)}, xfreerdp ${cpuPerMiB(p)}`,
          `serve CPU-ms per MiB from xrdp: ${round(serveMsPerMiB, 1)}`,
          `floor, Chromium alone (a bare page receiving and painting as ours did, no app): ${round(floorShare, 1)} % = ${round(floorShare / p.share, 2)} × peer; ours without serve ${round(chromiumShare, 1)} % = ${round(chromiumShare / p.share, 2)} × peer`,
          `serve floor, a bare node relay of the same bytes (TLS in, WebSocket out): ${round(relayShare, 1)} % = ${round(relayMsPerMiB, 1)} CPU-ms per MiB; serve ${round(o.serveShare ?? 0, 1)} %`,
          `floor: Chromium alone + relay alone = ${round(floorSum, 1)} % = ${round(floorSum / p.share, 2)} × peer`,
          `decoding what the page was sent (its framebuffer's applyMessage, alone in our page's Chromium): ${round(decodeShare, 1)} % = ${round(decodeMsPerMiB, 1)} CPU-ms per MiB; in node ${round(nodeMsPerMiB, 1)} ms per MiB`,
          `floor with decoding: Chromium alone + relay alone + decoding = ${round(decodedFloorSum, 1)} % = ${round(decodedFloorSum / p.share, 2)} × peer`,
        ],
        target: '≤ 1.5 × peer',
        met: full ? o.share <= 1.5 * p.share : undefined,
      });
      return results;
    } finally {
      chrome.stop();
      const deleted = await cli('lab', 'delete', COURSE, '--wait');
      if (deleted.code !== 0) context.log(`could not delete the bench lab: ${deleted.stderr}`);
      await serve.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
