import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { findLab } from '../test/sandbox/lab-control';
import { readSandboxState } from '../test/sandbox/state';
import { vncSampleCourse } from '../test/support/course-bundles';
import { learnerCli, learnerEnv } from '../test/support/learner-cli';
import { startServe, type ServeProcess } from '../test/support/serve-process';
import { tempHome } from '../test/support/temp-home';
import type { Bench, BenchContext, BenchResult } from './bench';
import { scroll } from './rdp-scene';
import { launchDetachableChromium, type DetachableChromium } from './support/detachable-chromium';
import { bytesReceivedFrom, cpuSeconds } from './support/process-tree';
import { startUpdateRequestRelay } from './support/update-request-relay';
import { COUNT_PAINTS, paintsBetween } from './support/page-paints';
import { startPageProfile } from './support/page-profile';
import { startPageTrace } from './support/page-trace';
import { floorCpu, type PageWork } from './vnc-floor';
import { chromiumPids, missingVncPeer, processRole, processTree, startTightVncViewer } from './vnc-scene';

/**
 * Client CPU of a VNC desktop showing a scrolling terminal: ours — the app's relay (`lab-console
 * serve`: TLS to the server, the RFB bytes onto the stream) plus Chromium running noVNC in the
 * Desktop tab, drawing and compositing included — beside TightVNC's viewer with its Xvfb, on the
 * same lab desktop (one Xvnc, Tight encoding for both), the same scene, the same run. The scene
 * writes numbered lines straight into the terminal device of the desktop's xterm, from a process
 * of its own, so neither client's figure contains it. Ours runs over VeNCrypt TLS as the app
 * does; the TightVNC viewer cannot, and logs in with the VNC password in the clear. Our idle cost
 * (the same processes, the same time, nothing scrolling) is logged beside the figure.
 *
 * Xvnc sends a client as much as it asks for, so a client that asks more often is sent (and
 * draws) more of the same scene: beside each CPU figure, how often the client showed a new
 * picture — ours, the page's paints onto its visible canvas (each a putImageData of the damaged
 * area, counted in the page); the peer, its update requests (it asks for the next update once it
 * has drawn one), counted by a relay in front of Xvnc.
 */
const COURSE = 'bench-vnc';
/**
 * LAB_BENCH_VNC_PROFILE=<folder>: CPU profiles beside the figures, into that folder — the page's
 * main thread while the terminal scrolls (Chromium's profiler, which costs the page some CPU of its
 * own), the painting floor page's the same way, and serve's (node --cpu-prof, written when it stops).
 */
const PROFILE_DIR = process.env.LAB_BENCH_VNC_PROFILE;
/**
 * LAB_BENCH_VNC_TRACE=<folder>: a Chromium trace (style, layout, paint, raster, compositing by
 * name, every process and thread) of the page while the terminal scrolls and of the painting floor
 * page, each summarised as CPU time per event and thread. Tracing costs the browser CPU of its
 * own: compare the two traces with each other, not with untraced runs.
 */
const TRACE_DIR = process.env.LAB_BENCH_VNC_TRACE;
const LINES_PER_SECOND = 2000;

const sum = (pids: readonly number[]): number =>
  pids.reduce((total, pid) => {
    try {
      return total + cpuSeconds(pid);
    } catch {
      return total; // a process that ended meanwhile
    }
  }, 0);

/** CPU seconds each process used while `during` ran. */
async function usage(pids: readonly number[], during: () => Promise<unknown>): Promise<Map<number, number>> {
  const before = new Map(pids.map((pid) => [pid, sum([pid])]));
  await during();
  return new Map(pids.map((pid) => [pid, Math.max(0, sum([pid]) - before.get(pid)!)]));
}

/** CPU milliseconds per picture shown, from CPU seconds and a count of pictures. */
const perPicture = (cpu: number, pictures: number): string => (pictures > 0 ? `${((cpu * 1000) / pictures).toFixed(2)} ms` : '–');

const perSecond = (count: number, seconds: number): string => `${(count / seconds).toFixed(1)}/s`;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const perMb = (cpu: number, bytes: number): string => (bytes > 0 ? (cpu / (bytes / 1e6)).toFixed(2) : '–');

const total = (used: Map<number, number>): number => [...used.values()].reduce((a, b) => a + b, 0);
const sumOf = (used: Map<number, number>, pids: readonly number[]): number => pids.reduce((a, pid) => a + (used.get(pid) ?? 0), 0);

/** "lab-console serve 0.31 s, chromium renderer 0.52 s, …": where our figure goes. */
function breakdown(used: Map<number, number>, servePids: ReadonlySet<number>): string {
  const roles = new Map<string, number>();
  for (const [pid, cpu] of used) {
    const role = servePids.has(pid) ? 'lab-console serve' : processRole(pid);
    roles.set(role, (roles.get(role) ?? 0) + cpu);
  }
  return byRole(roles);
}

/** CPU seconds by process role, the costliest first. */
function byRole(roles: ReadonlyMap<string, number>): string {
  return [...roles]
    .sort((a, b) => b[1] - a[1])
    .map(([role, cpu]) => `${role} ${cpu.toFixed(2)} s`)
    .join(', ');
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${Math.round(ms / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The terminal device of the desktop's xterm: typed into it through the page, read back from /tmp. */
async function xtermTty(page: Page): Promise<string> {
  const file = `/tmp/lc-bench-vnc-tty-${randomBytes(6).toString('hex')}`;
  const canvas = page.locator('.vnc-screen canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + 200, box.y + 150);
  await page.keyboard.type(`tty > ${file}`, { delay: 10 });
  await page.keyboard.press('Enter');
  await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').startsWith('/dev/pts/'), 15_000, 'the xterm did not tell its tty');
  const tty = readFileSync(file, 'utf8').trim();
  rmSync(file, { force: true });
  return tty;
}

async function measureOurs(serve: ServeProcess, chrome: DetachableChromium, vncPort: number, seconds: number, context: BenchContext) {
  const { page } = chrome;
  await page.goto(serve.url);
  await page.goto(`http://127.0.0.1:${serve.port}/#/lab/${COURSE}`);
  await page.getByRole('tab', { name: 'desktop' }).click({ timeout: 60_000 });
  await page.locator('.vnc-view').getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
  const tty = await xtermTty(page);
  const size = await page
    .locator('.vnc-screen canvas')
    .evaluate((c) => ({ width: (c as unknown as { width: number }).width, height: (c as unknown as { height: number }).height }));
  await page.evaluate(COUNT_PAINTS);
  // Measured as a learner's browser runs: no DevTools session reporting every WebSocket frame.
  await chrome.detach();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const servePids = processTree(serve.child.pid!);
  const pids = [...servePids, ...chromiumPids()];
  const idle = await usage(pids, () => new Promise((resolve) => setTimeout(resolve, seconds * 1000)));
  let lines = 0;
  const profiler = PROFILE_DIR ? await startPageProfile(chrome.devToolsPort, `http://127.0.0.1:${serve.port}/`) : undefined;
  const tracer = TRACE_DIR ? await startPageTrace(chrome.devToolsPort, `http://127.0.0.1:${serve.port}/`) : undefined;
  const bytesBefore = bytesReceivedFrom(vncPort);
  const started = Date.now();
  const busy = await usage(pids, async () => {
    lines = await scroll([tty], seconds, LINES_PER_SECOND);
  });
  const ended = Date.now();
  if (profiler) context.log(`page profile: ${await profiler.stop(join(PROFILE_DIR!, 'page.cpuprofile'))}`);
  if (tracer) context.log(`page trace:\n${await tracer.stop(join(TRACE_DIR!, 'page.trace.json'))}`);
  const bytes = bytesReceivedFrom(vncPort) - bytesBefore;
  const cpu = total(busy);
  const paints = (await (await chrome.reattach()).evaluate(paintsBetween(started, ended))) as {
    count: number;
    width: number;
    height: number;
  };
  const frames = paints.count;
  const work: PageWork = {
    canvas: size,
    framesPerSecond: frames / seconds,
    paint: { width: Math.max(1, Math.round(paints.width)), height: Math.max(1, Math.round(paints.height)) },
    bytesPerSecond: bytes / seconds,
    // As noVNC's canvas in the VNC tab (opaque-rfb-canvas.ts).
    desynchronized: true,
  };
  context.log(
    `ours: ${cpu.toFixed(2)} s CPU in ${seconds} s (${lines} lines into ${tty}; ${mb(bytes)} from the server; ${perSecond(frames, seconds)} frames painted, ${work.paint.width}×${work.paint.height} on average); idle, the same processes: ${total(idle).toFixed(2)} s`,
  );
  context.log(`ours by process: ${breakdown(busy, new Set(servePids))}`);
  return { cpu, tty, size, bytes, frames, work, serveCpu: sumOf(busy, servePids) };
}

async function measurePeer(port: number, password: string, tty: string, size: { width: number; height: number }, seconds: number) {
  const relay = await startUpdateRequestRelay(port);
  const viewer = await startTightVncViewer(relay.port, password, { width: size.width + 256, height: size.height + 256 });
  try {
    const loggedIn = () => /authentication successful/i.test(viewer.output());
    await waitFor(loggedIn, 15_000, 'xtightvncviewer did not log in').catch((error: Error) => {
      throw new Error(`${error.message}: ${viewer.output().trim().split('\n').slice(-3).join(' / ')}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the first full update; the viewer says nothing when it is drawn
    const before = sum(viewer.pids);
    const bytesBefore = bytesReceivedFrom(port);
    const started = Date.now();
    const lines = await scroll([tty], seconds, LINES_PER_SECOND);
    const frames = relay.requestsBetween(started, Date.now());
    return { cpu: sum(viewer.pids) - before, lines, bytes: bytesReceivedFrom(port) - bytesBefore, frames };
  } finally {
    viewer.stop();
    relay.close();
  }
}

const bench: Bench = {
  name: 'vnc',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const seconds = context.size === 'full' ? 15 : 1;
    const state = readSandboxState();
    const home = tempHome('lc-bench-vnc-');
    const env = learnerEnv(state, home.path, 'learner1');
    const { cli, cliOk } = learnerCli(
      () => home.path,
      () => env,
    );
    let serve: ServeProcess | undefined;
    let chrome: DetachableChromium | undefined;
    try {
      await cliOk('course', 'import', vncSampleCourse(COURSE));
      await cliOk('lab', 'launch', COURSE, '--wait');
      const stackId = (JSON.parse(await cliOk('--json', 'lab', 'status', COURSE)) as { lab: { stackId: string } }).lab.stackId;
      const lab = await findLab(state, stackId);
      serve = await startServe(home.path, env, PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);
      chrome = await launchDetachableChromium({ width: 1600, height: 1000 });
      const ours = await measureOurs(serve, chrome, lab.vncPort, seconds, context);
      chrome.stop();
      chrome = undefined;
      // The floor: Chromium alone doing the page's share of that work (vnc-floor.ts), beside what serve took.
      const received = await floorCpu(ours.work, false, seconds);
      const painted = await floorCpu(ours.work, true, seconds, {
        ...(PROFILE_DIR
          ? { profile: { file: join(PROFILE_DIR, 'floor.cpuprofile'), log: (summary) => context.log(`floor page profile: ${summary}`) } }
          : {}),
        ...(TRACE_DIR
          ? { trace: { file: join(TRACE_DIR, 'floor.trace.json'), log: (summary) => context.log(`floor page trace:\n${summary}`) } }
          : {}),
        // Beside "ours by process": which of Chromium's processes the page's figure above the floor is in.
        byProcess: (used) => context.log(`floor by process: ${byRole(used)}`),
      });
      const floorShare = (painted / seconds) * 100;
      context.log(
        `floor, Chromium alone: receiving the same bytes ${received.toFixed(2)} s, and painting as ours did ${painted.toFixed(2)} s, against ours ${(ours.cpu - ours.serveCpu).toFixed(2)} s in Chromium and ${ours.serveCpu.toFixed(2)} s in serve`,
      );
      const metric = `CPU, scrolling remote terminal (${LINES_PER_SECOND} lines/s), ${ours.size.width}×${ours.size.height}: app relay + Chromium (noVNC, drawing included)`;
      const oursShare = (ours.cpu / seconds) * 100;
      const missing = missingVncPeer();
      if (missing.length > 0) {
        context.log(`xtightvncviewer not measured: missing ${missing.join(', ')}`);
        return [{ metric: `${metric} (peer missing)`, value: Math.round(oursShare * 10) / 10, unit: '% of a core' }];
      }
      const peer = await measurePeer(lab.vncPort, lab.vncPassword, ours.tty, ours.size, seconds);
      const peerShare = (peer.cpu / seconds) * 100;
      context.log(
        `xtightvncviewer + Xvfb: ${peer.cpu.toFixed(2)} s CPU in ${seconds} s (${peer.lines} lines; ${mb(peer.bytes)} from the server; ${perSecond(peer.frames, seconds)} updates drawn)`,
      );
      return [
        {
          metric,
          value: Math.round(oursShare * 10) / 10,
          unit: '% of a core',
          peer: { name: 'xtightvncviewer + Xvfb (Tight)', value: Math.round(peerShare * 10) / 10 },
          notes: [
            `${mb(ours.bytes)} from the server vs ${mb(peer.bytes)}`,
            // Xvnc sends a client as much as it takes in: a cheaper page is sent more updates in the same scene.
            `CPU per MB received: ours ${perMb(ours.cpu, ours.bytes)} s vs ${perMb(peer.cpu, peer.bytes)} s`,
            `new pictures shown: ours ${perSecond(ours.frames, seconds)} (paints) vs ${perSecond(peer.frames, seconds)} (updates drawn)`,
            `floor, Chromium alone (a bare page receiving and painting as ours did, no app): ${floorShare.toFixed(1)} % = ${(floorShare / peerShare).toFixed(1)} × peer; serve ${((ours.serveCpu / seconds) * 100).toFixed(1)} %`,
            // What the app itself still adds: serve, and the page's own work above Chromium's floor.
            `ours − floor: ${(oursShare - floorShare).toFixed(1)} % of a core (serve ${((ours.serveCpu / seconds) * 100).toFixed(1)} %, the page above the floor ${(((ours.cpu - ours.serveCpu - painted) / seconds) * 100).toFixed(1)} %)`,
            // Per picture and per MiB relayed: figures that move less with the machine's load than shares of a core do.
            `per picture shown: ours ${perPicture(ours.cpu, ours.frames)}, floor ${perPicture(painted, ours.frames)}, serve ${perPicture(ours.serveCpu, ours.frames)}, the page above the floor ${perPicture(ours.cpu - ours.serveCpu - painted, ours.frames)}; peer ${perPicture(peer.cpu, peer.frames)}`,
            `serve: ${ours.bytes > 0 ? ((ours.serveCpu * 1000) / (ours.bytes / 2 ** 20)).toFixed(0) : '–'} CPU-ms per MiB relayed`,
          ],
          target: '≤ 1.5 × peer',
          met: context.size === 'full' ? oursShare <= 1.5 * peerShare : undefined,
        },
      ];
    } finally {
      chrome?.stop();
      // Delete while serve still runs: stopping it first would queue a suspend ahead of the delete.
      await cli('lab', 'delete', COURSE, '--wait');
      await serve?.stop();
      home.remove();
    }
  },
};

export default bench;
