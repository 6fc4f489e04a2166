/**
 * Browser mode serves every tab, and every reconnect of a tab, over its own WebSocket. The app's
 * services — the instructor's cohort with its connections to Keystone and Heat — belong to the app,
 * not to a socket: twenty sockets one after another, each listing the cohort, must leave the
 * `lab-console serve` process with no more connections to the cloud than the first one did.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const SOCKETS = 20;

/** The established TCP connections of process `pid` to any of `ports` on 127.0.0.1, as `ss` lists them. */
function connectionsTo(pid: number, ports: readonly number[]): number {
  const lines = execFileSync('ss', ['-tnpH', 'state', 'established'], { encoding: 'utf8' }).split('\n');
  return lines.filter(
    (line) => line.includes(`pid=${pid},`) && ports.some((port) => new RegExp(`\\s127\\.0\\.0\\.1:${port}\\s`).test(line)),
  ).length;
}

/** Opens the API as a tab does (the token of the printed address), makes one call, closes. */
function callOnce(serve: ServeProcess, call: string, input: unknown): Promise<{ ok: boolean; error?: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${encodeURIComponent(serve.token)}`, {
      origin: `http://127.0.0.1:${serve.port}`,
    });
    const timer = setTimeout(() => reject(new Error(`${call} got no answer in 60 s`)), 60_000);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, call, input })));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { id?: number; result?: { ok: boolean; error?: unknown } };
      if (frame.id !== 1 || !frame.result) return;
      clearTimeout(timer);
      ws.close();
      resolve(frame.result);
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describeWithSandbox('browser mode keeps one set of cloud connections for every WebSocket', (sandbox) => {
  let state: SandboxState;
  let home: ReturnType<typeof tempHome>;
  let serve: ServeProcess;

  beforeAll(async () => {
    state = sandbox();
    home = tempHome('lc-e2e-serve-connections-');
    serve = await startServe(home.path, {
      OS_CLIENT_CONFIG_FILE: state.files.cloudsYaml,
      OS_CLIENT_SECURE_FILE: state.files.secureYaml,
      OS_CLOUD: 'instructor',
    });
  });

  afterAll(async () => {
    await serve?.stop();
    home?.remove();
  });

  it(`${SOCKETS} WebSockets, each listing the cohort, share the instructor's connections to Keystone and Heat`, async () => {
    const pid = serve.child.pid!;
    const ports = [state.keystone.port, state.heat.port];
    const counts: number[] = [];
    for (let i = 0; i < SOCKETS; i++) {
      const result = await callOnce(serve, 'cohort.list', { courseId: 'intro-linux' });
      expect(result, JSON.stringify(result.error)).toMatchObject({ ok: true });
      counts.push(connectionsTo(pid, ports));
    }
    console.log(`connections to Keystone/Heat after each WebSocket: ${counts.join(' ')}`);
    // The first listing opened connections (so this measures something)…
    expect(counts[0]).toBeGreaterThan(0);
    // …and the later ones reused them instead of opening their own.
    expect(Math.max(...counts)).toBeLessThanOrEqual(counts[0]! + 1);
  });
});
