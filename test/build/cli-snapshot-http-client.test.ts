import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';
import { testHome } from '../support/temp-home';
import { cloudCheck, refusingKeystone } from '../support/cloud-check-process';

/**
 * The HTTP client inside the CLI's start-up snapshot: undici's modules are evaluated into the blob,
 * with a stand-in for node:http, which node 20 cannot load while it builds one
 * (scripts/undici-http-for-snapshot.cjs). What a run of bin/lab-console then loads and honours.
 */
const LAUNCHER = join(REPO_ROOT, 'bin', 'lab-console');

describe("the start-up snapshot's HTTP client", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it("sends cloud check's login without loading node:http, its requests still published to undici's diagnostics channels", async () => {
    const keystone = await refusingKeystone();
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
    const result = await cloudCheck([LAUNCHER], home, `http://127.0.0.1:${keystone.port}/v3`, { NODE_OPTIONS: `--require ${preload}` });
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens']);
    expect(result.code).toBe(1);
    const { modules, heard } = JSON.parse(readFileSync(report, 'utf8')) as { modules: string[]; heard: number[] };
    expect(modules).toContain('NativeModule net');
    expect(modules).not.toContain('NativeModule http');
    expect(heard).toEqual([401]);
  });

  it("limits response headers to node's default, or to --max-http-header-size when node is given one", async () => {
    // 20 KB of headers: over node's default (16 KiB), under the limit given below.
    const keystone = await refusingKeystone(20_000);
    cleanup.push(() => keystone.server.close());
    const home = testHome('lc-snapshot-http-').path;
    const byDefault = await cloudCheck([LAUNCHER], home, `http://127.0.0.1:${keystone.port}/v3`);
    const raised = await cloudCheck([LAUNCHER], home, `http://127.0.0.1:${keystone.port}/v3`, {
      NODE_OPTIONS: '--max-http-header-size=65536',
    });
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toMatch(/Headers Overflow/);
    expect(raised.code).toBe(1);
    expect(raised.stderr).toMatch(/refused the login .*HTTP 401/);
  });
});
