import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import { cloudCheck, refusingKeystone, tunnellingProxy } from '../support/cloud-check-process';

/** The CLI's portable entry, `nodeArgs` given to node first. */
const entry = (nodeArgs: readonly string[] = []): [string, ...string[]] => [process.execPath, ...nodeArgs, CLI];

describe("the lab-console binary's HTTP client (the part of undici it bundles)", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it('sends the login to the cloud and reports its refusal', async () => {
    const keystone = await refusingKeystone();
    const home = tempHome();
    cleanup.push(() => keystone.server.close(), home.remove);
    const result = await cloudCheck(entry(), home.path, `http://127.0.0.1:${keystone.port}/v3`);
    expect(keystone.seen).toContain('POST /v3/auth/tokens');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('goes through the HTTP proxy of the environment', async () => {
    const keystone = await refusingKeystone();
    // A proxy that tunnels (CONNECT) every address to the refusing Keystone; keystone.invalid resolves nowhere.
    const proxy = await tunnellingProxy(keystone.port);
    const home = tempHome();
    cleanup.push(
      () => keystone.server.close(),
      () => proxy.server.close(),
      home.remove,
    );
    const result = await cloudCheck(entry(), home.path, 'http://keystone.invalid:9/v3', { HTTP_PROXY: proxy.url });
    expect(proxy.tunnels).toContain('keystone.invalid:9');
    expect(keystone.seen).toContain('POST /v3/auth/tokens');
    expect(result.code).toBe(1);
  });

  it('talks HTTP/1.1 without loading node:http2: undici’s HTTP/2 side loads only on its first use', async () => {
    const keystone = await refusingKeystone();
    const home = tempHome();
    cleanup.push(() => keystone.server.close(), home.remove);
    const probe = join(home.path, 'http2-probe.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write(`http2 loaded: ${process.moduleLoadList.some((m) => /\\bhttp2\\b/.test(m))}\\n`));\n",
    );
    const result = await cloudCheck(entry(['--require', probe]), home.path, `http://127.0.0.1:${keystone.port}/v3`);
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
