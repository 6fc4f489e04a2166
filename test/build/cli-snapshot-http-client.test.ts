import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';
import { testHome } from '../support/temp-home';

/**
 * The HTTP client inside the CLI's start-up snapshot: undici's modules are evaluated into the blob,
 * with a stand-in for node:http, which node 20 cannot load while it builds one
 * (scripts/undici-http-for-snapshot.cjs). What a run of bin/lab-console then loads and honours.
 */
const LAUNCHER = join(REPO_ROOT, 'bin', 'lab-console');

/** A loopback Keystone that refuses every login, with `extraHeaderBytes` of padding in one header. */
async function refusingServer(extraHeaderBytes = 0): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(401, {
        'content-type': 'application/json',
        ...(extraHeaderBytes ? { 'x-padding': 'p'.repeat(extraHeaderBytes) } : {}),
      });
      res.end(
        JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** `lab-console cloud check` through the launcher (the snapshot) against the server at `port`. */
function cloudCheck(home: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  const cloudsYaml = join(home, 'clouds.yaml');
  writeFileSync(
    cloudsYaml,
    `clouds:\n  c:\n    auth_type: password\n    auth: { auth_url: 'http://127.0.0.1:${port}/v3', username: u, password: p, project_name: p }\n`,
  );
  const child = spawn(LAUNCHER, ['--home', home, 'cloud', 'check', '--os-cloud', 'c'], {
    cwd: home,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(https?|no)_proxy$/i.test(name))),
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
      OS_CLIENT_SECURE_FILE: join(home, 'none.yaml'),
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe("the start-up snapshot's HTTP client", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it("sends cloud check's login without loading node:http, its requests still published to undici's diagnostics channels", async () => {
    const keystone = await refusingServer();
    cleanup.push(() => keystone.server.close());
    const home = testHome('lc-snapshot-http-').path;
    const report = join(home, 'loaded.json');
    // A preload (as the benchmarks' HTTP timing is one) that records what the run loaded and what it published.
    const preload = join(home, 'record.cjs');
    writeFileSync(
      preload,
      `const heard = [];
require('node:diagnostics_channel').subscribe('undici:request:headers', (m) => heard.push(m.response.statusCode));
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ modules: process.moduleLoadList, heard })));
`,
    );
    const result = await cloudCheck(home, keystone.port, { NODE_OPTIONS: `--require ${preload}` });
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens']);
    expect(result.code).toBe(1);
    const { modules, heard } = JSON.parse(readFileSync(report, 'utf8')) as { modules: string[]; heard: number[] };
    expect(modules).toContain('NativeModule net');
    expect(modules).not.toContain('NativeModule http');
    expect(heard).toEqual([401]);
  });

  it("limits response headers to node's default, or to --max-http-header-size when node is given one", async () => {
    // 20 KB of headers: over node's default (16 KiB), under the limit given below.
    const keystone = await refusingServer(20_000);
    cleanup.push(() => keystone.server.close());
    const home = testHome('lc-snapshot-http-').path;
    const byDefault = await cloudCheck(home, keystone.port);
    const raised = await cloudCheck(home, keystone.port, { NODE_OPTIONS: '--max-http-header-size=65536' });
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toMatch(/Headers Overflow/);
    expect(raised.code).toBe(1);
    expect(raised.stderr).toMatch(/refused the login .*HTTP 401/);
  });
});
