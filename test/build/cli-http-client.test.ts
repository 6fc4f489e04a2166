import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect as connectTcp, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

/** A server on loopback that records what reached it and refuses every login, as Keystone does a wrong password. */
async function refusingServer(): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

function cloudCheck(home: string, authUrl: string, env: NodeJS.ProcessEnv = {}, nodeArgs: readonly string[] = []) {
  const cloudsYaml = join(home, 'clouds.yaml');
  writeFileSync(
    cloudsYaml,
    `clouds:\n  c:\n    auth_type: password\n    auth: { auth_url: '${authUrl}', username: u, password: p, project_name: p }\n`,
  );
  const child = spawn(process.execPath, [...nodeArgs, CLI, '--home', home, 'cloud', 'check', '--os-cloud', 'c'], {
    cwd: home,
    env: {
      // The machine's own proxy settings left out: the test names the one it wants.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(https?|no)_proxy$/i.test(name))),
      OS_CLIENT_CONFIG_FILE: cloudsYaml,
      OS_CLIENT_SECURE_FILE: join(home, 'none.yaml'),
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe("the lab-console binary's HTTP client (the part of undici it bundles)", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it('sends the login to the cloud and reports its refusal', async () => {
    const keystone = await refusingServer();
    const home = tempHome();
    cleanup.push(() => keystone.server.close(), home.remove);
    const result = await cloudCheck(home.path, `http://127.0.0.1:${keystone.port}/v3`);
    expect(keystone.seen).toContain('POST /v3/auth/tokens');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('goes through the HTTP proxy of the environment', async () => {
    const keystone = await refusingServer();
    // A proxy that tunnels (CONNECT) every address to the refusing Keystone; keystone.invalid resolves nowhere.
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const upstream = connectTcp(keystone.port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const home = tempHome();
    cleanup.push(
      () => keystone.server.close(),
      () => proxy.close(),
      home.remove,
    );
    const result = await cloudCheck(home.path, 'http://keystone.invalid:9/v3', {
      HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    });
    expect(tunnels).toContain('keystone.invalid:9');
    expect(keystone.seen).toContain('POST /v3/auth/tokens');
    expect(result.code).toBe(1);
  });

  it('talks HTTP/1.1 without loading node:http2: undici’s HTTP/2 side loads only on its first use', async () => {
    const keystone = await refusingServer();
    const home = tempHome();
    cleanup.push(() => keystone.server.close(), home.remove);
    const probe = join(home.path, 'http2-probe.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write(`http2 loaded: ${process.moduleLoadList.some((m) => /\\bhttp2\\b/.test(m))}\\n`));\n",
    );
    const result = await cloudCheck(home.path, `http://127.0.0.1:${keystone.port}/v3`, {}, ['--require', probe]);
    expect(keystone.seen).toContain('POST /v3/auth/tokens');
    expect(result.stderr).toContain('http2 loaded: false');
  });

  it('carries only the parts of undici the client uses: no fetch, WebSocket, mocks or cache stores', () => {
    const dir = join(REPO_ROOT, 'dist', 'cli', 'chunks');
    const bundled = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^\/\/ node_modules\/undici\/(lib\/\S+)$/gm)].map((m) => m[1]!));
    expect(bundled).toContain('lib/dispatcher/agent.js');
    expect(bundled.filter((f) => /^lib\/(mock|web\/websocket|web\/eventsource|cache|interceptor)\//.test(f))).toEqual([]);
  });
});
