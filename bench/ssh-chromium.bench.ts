import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { readSandboxState } from '../test/sandbox/state';
import { connectTo } from '../test/integration/openstack-sandbox';
import { REPO_ROOT } from '../test/support/serve-process';
import type { Bench, BenchContext, BenchResult } from './bench';
import { chromiumProcesses, cpuOf, cpuSeconds } from './support/process-tree';
import { median, round } from './support/stats';
import { MiB, TerminalRig } from './support/terminal-rig';

/**
 * The terminal end to end in Chromium, beside OpenSSH into the same xterm on the same bytes: `cat`
 * of an N MiB base64 file on the lab's PTY, from Enter until the end marker is on screen.
 * - ours: the sandbox lab's sshd → `lab-console serve` (ssh2, TerminalChannel, the stream socket)
 *   → the app's Terminal tab (TerminalLink into xterm);
 * - the peer: the same lab's sshd → OpenSSH's `ssh -tt` → a minimal relay (each chunk as one
 *   WebSocket frame, paused past 1 MiB unacknowledged as the app's window) → the app's own xterm
 *   (createXterm, the same renderer, font and pixel size) in a second page of the same browser.
 * Both are timed the same way: a MutationObserver on xterm's rows sees the marker drawn. The
 * renderer (dom or webgl) is named beside the figures; CPU seconds of serve / the relay and of
 * Chromium are printed for each run.
 */
const END_MARKER = 'done-42';
const PEER_HIGH = 1024 * 1024;
const PEER_LOW = 256 * 1024;

interface Run {
  mbps: number;
  serverCpu: number;
  chromiumCpu: number;
  /** Chromium's CPU seconds by process kind (renderer, gpu-process, browser…). */
  byKind: Map<string, number>;
}

/** CPU seconds so far of each kind of Chromium process below this one. */
function chromiumByKind(): Map<string, number> {
  return new Map([...chromiumProcesses(process.pid)].map(([kind, pids]) => [kind, cpuOf(pids)]));
}

async function peerPageBundle(): Promise<{ css: string; js: string }> {
  const built = await build({
    entryPoints: [join(REPO_ROOT, 'bench/support/xterm-peer.page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    outdir: join(REPO_ROOT, 'test-results', 'xterm-peer-page'),
    logLevel: 'warning',
  });
  const text = (suffix: string): string => built.outputFiles.find((file) => file.path.endsWith(suffix))!.text;
  return { css: text('.css'), js: text('.js') };
}

/** Arms a watch for the marker in the visible terminal's rows; `markerDrawn` then waits for it. */
async function armMarker(page: Page): Promise<void> {
  await page.evaluate((marker) => {
    const rows = document.querySelector('.terminal-view:not([hidden]) .xterm-rows');
    if (!rows) throw new Error('no DOM rows to watch (is the renderer dom?)');
    (window as unknown as { markerDrawn: Promise<void> }).markerDrawn = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (rows.textContent?.includes(marker)) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(rows, { childList: true, subtree: true, characterData: true });
    });
  }, END_MARKER);
}

const markerDrawn = (page: Page): Promise<void> => page.evaluate(() => (window as unknown as { markerDrawn: Promise<void> }).markerDrawn);

const rendererOf = (page: Page): Promise<string | null> =>
  page.locator('.terminal-view:not([hidden]) .xterm').first().getAttribute('data-renderer');

/** A base64 text file of about `bytes` the lab's user can read; its size once a PTY's onlcr made \n into \r\n. */
function preparePayload(bytes: number): { dir: string; file: string; onScreen: number } {
  const dir = mkdtempSync(join(tmpdir(), 'lc-bench-chromium-'));
  chmodSync(dir, 0o755);
  const lines = Math.ceil(bytes / 77);
  const text = randomBytes(lines * 57)
    .toString('base64')
    .replace(/.{76}/g, '$&\n');
  const file = join(dir, 'payload.txt');
  writeFileSync(file, text, { mode: 0o644 });
  return { dir, file, onScreen: text.length + (text.match(/\n/g)?.length ?? 0) };
}

/** OpenSSH into the lab as the app would connect: the key and address from the stack's outputs. */
function opensshToLab(dir: string, outputs: Readonly<Record<string, unknown>>): ChildProcessWithoutNullStreams {
  const keyFile = join(dir, 'id');
  const key = String(outputs.private_key);
  writeFileSync(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
  const options = ['-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`];
  options.push('-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', '-F', '/dev/null');
  const target = `${String(outputs.user)}@${String(outputs.public_ip)}`;
  return spawn('ssh', ['-tt', '-i', keyFile, '-p', String(outputs.ssh_port), ...options, target], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Relays `ssh`'s output to the one page that connects, pausing it while the page has not acknowledged PEER_HIGH. */
async function startRelay(ssh: ChildProcessWithoutNullStreams): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.once('connection', (ws: WebSocket) => {
    let unacked = 0;
    let paused = false;
    ssh.stdout.on('data', (chunk: Buffer) => {
      unacked += chunk.length;
      ws.send(chunk, { binary: true });
      if (!paused && unacked >= PEER_HIGH) {
        paused = true;
        ssh.stdout.pause();
      }
    });
    ws.on('message', (data) => {
      unacked = Math.max(0, unacked - Number(data.toString()));
      if (paused && unacked <= PEER_LOW) {
        paused = false;
        ssh.stdout.resume();
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        // The server closes only once its connections have: the page's is ended here.
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

async function timed(page: Page, start: () => Promise<void>, server: () => number, bytes: number): Promise<Run> {
  await armMarker(page);
  const server0 = server();
  const chromium0 = chromiumByKind();
  const started = performance.now();
  await start();
  await markerDrawn(page);
  const ms = performance.now() - started;
  const byKind = new Map([...chromiumByKind()].map(([kind, cpu]) => [kind, cpu - (chromium0.get(kind) ?? 0)]));
  const chromiumCpu = [...byKind.values()].reduce((a, b) => a + b, 0);
  return { mbps: bytes / 1e3 / ms, serverCpu: server() - server0, chromiumCpu, byKind };
}

const describeRun = (run: Run): string => {
  const kinds = [...run.byKind]
    .filter(([, cpu]) => cpu >= 0.01)
    .map(([kind, cpu]) => `${kind} ${cpu.toFixed(2)}`)
    .join(', ');
  return `${run.mbps.toFixed(1)} MB/s (CPU: server ${run.serverCpu.toFixed(2)} s, Chromium ${run.chromiumCpu.toFixed(2)} s: ${kinds})`;
};

const bench: Bench = {
  name: 'ssh-chromium',
  needsSandbox: true,
  async run(context: BenchContext): Promise<BenchResult[]> {
    const full = context.size === 'full';
    const rounds = full ? 3 : 1;
    const payload = preparePayload((full ? 50 : 1) * MiB);
    const bundle = await peerPageBundle();
    const rig = await TerminalRig.start('bench-chromium');
    let ssh: ChildProcessWithoutNullStreams | undefined;
    let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
    try {
      const state = readSandboxState();
      const outputs = await (await connectTo(state, 'learner1')).heat.outputs(rig.stack);

      const box = await rig.page.evaluate(() => {
        const element = document.querySelector('.terminal-view:not([hidden]) .xterm')!;
        const rect = element.getBoundingClientRect();
        const rows = element.querySelector('.xterm-rows');
        return { width: rect.width, height: rect.height, fontSize: rows ? parseFloat(getComputedStyle(rows).fontSize) : 14 };
      });
      const peerPage = await rig.page
        .context()
        .browser()!
        .newPage({ viewport: { width: 1280, height: 800 } });
      await peerPage.setContent(`<!doctype html><html><head><style>${bundle.css}</style></head><body style="margin: 0"></body></html>`);
      await peerPage.addScriptTag({ content: bundle.js });
      const peerRenderer = await peerPage.evaluate(
        ({ width, height, fontSize }) =>
          (window as unknown as { peerTerminal: { open(w: number, h: number, f: number): string | undefined } }).peerTerminal.open(
            width,
            height,
            fontSize,
          ),
        box,
      );
      ssh = opensshToLab(payload.dir, outputs);
      relay = await startRelay(ssh);
      await peerPage.evaluate(
        (url) => (window as unknown as { peerTerminal: { connect(url: string): Promise<void> } }).peerTerminal.connect(url),
        relay.url,
      );
      await sleep(1000);

      const ourRenderer = await rendererOf(rig.page);
      const servePid = rig.serve.child.pid!;
      const sshPid = ssh.pid!;
      const relayCpu = (): number => cpuSeconds(sshPid) + process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
      const command = `cat ${payload.file}; echo done-$((40+2))`;
      const peerSsh = ssh;

      const ours: Run[] = [];
      const openssh: Run[] = [];
      // The tiny size only proves the bench runs: no warm-up round, whose figures are thrown away anyway.
      for (let round = full ? -1 : 0; round < rounds; round++) {
        await rig.type('clear');
        await sleep(300);
        await rig.page.locator('.terminal-view:not([hidden]) .xterm-helper-textarea').focus();
        await rig.page.keyboard.type(command);
        await sleep(200);
        const o = await timed(
          rig.page,
          () => rig.page.keyboard.press('Enter'),
          () => cpuSeconds(servePid),
          payload.onScreen,
        );

        peerSsh.stdin.write('clear\r');
        await sleep(300);
        const p = await timed(peerPage, async () => void peerSsh.stdin.write(`${command}\r`), relayCpu, payload.onScreen);
        context.log(
          `${round < 0 ? '(warm-up, dropped) ' : ''}ours [${ourRenderer}] ${describeRun(o)}; OpenSSH [${peerRenderer}] ${describeRun(p)}; ${(o.mbps / p.mbps).toFixed(2)} × OpenSSH`,
        );
        if (round < 0) continue;
        ours.push(o);
        openssh.push(p);
      }
      const oursMBps = median(ours.map((r) => r.mbps));
      const peerMBps = median(openssh.map((r) => r.mbps));
      return [
        {
          metric: `\`cat\` of ${(payload.onScreen / MiB).toFixed(0)} MiB base64 on the lab's PTY, end to end into the Terminal tab's xterm in Chromium (${ourRenderer} renderer), median of ${rounds}`,
          value: round(oursMBps, 1),
          unit: 'MB/s',
          peer: { name: `OpenSSH ssh -tt and a minimal relay into the same xterm (${peerRenderer} renderer)`, value: round(peerMBps, 1) },
          notes: [
            `${round(oursMBps / peerMBps, 2)} × OpenSSH`,
            `serve ${round(median(ours.map((r) => r.serverCpu)), 2)} s CPU vs ssh + the bench process (relay, Playwright) ${round(median(openssh.map((r) => r.serverCpu)), 2)} s`,
            `Chromium ${round(median(ours.map((r) => r.chromiumCpu)), 2)} s vs ${round(median(openssh.map((r) => r.chromiumCpu)), 2)} s CPU`,
          ],
          target: '≥ 0.8 × OpenSSH',
          met: full ? oursMBps >= 0.8 * peerMBps : undefined,
        },
      ];
    } finally {
      ssh?.kill();
      await relay?.close();
      await rig.stop(context.log);
      rmSync(payload.dir, { recursive: true, force: true });
    }
  },
};

export default bench;
