import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptingCloud, cloudCheck, refusingKeystone, tunnellingProxy } from '../support/cloud-check-process';
import { CLI, REPO_ROOT } from '../support/serve-process';
import { tempHome } from '../support/temp-home';
import { TestCertificates } from '../support/test-certificates';

/**
 * NODE_EXTRA_CA_CERTS as many company machines set it (the system bundle, or one with the company's
 * CA added): node reads it as it starts, so bin/lab-console hands it over under another name and the
 * program reads it at its first TLS connection. Checked the way a user runs the binary.
 */
const LAUNCHER = join(REPO_ROOT, 'bin', 'lab-console');
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const MISSING = '/nonexistent/lab-console-extra-ca.pem';
const IGNORING = /Ignoring extra certs from `\/nonexistent\/lab-console-extra-ca\.pem`/g;

let folder: { path: string; remove(): void };
/** The system bundle with a private CA appended: the only way the CLI can know that CA. */
let bundle: string;
let tls: { cert: string; key: string };
/** A client certificate (and its key) signed by a CA of its own, the only one the mutual-TLS cloud accepts. */
let client: { caPem: string; certFile: string; keyFile: string };

beforeAll(() => {
  folder = tempHome('lc-extra-ca-');
  const made = new TestCertificates(folder.path)
    .ca('ca', 'Lab Console test CA')
    .signed('server', 'ca', 'subjectAltName=IP:127.0.0.1', '127.0.0.1')
    .ca('client-ca', 'Lab Console client CA')
    .signed('client', 'client-ca', 'extendedKeyUsage=clientAuth', 'learner');
  const read = (name: string) => made.read(name);
  client = { caPem: read('client-ca.pem'), certFile: made.path('client.pem'), keyFile: made.path('client.key') };
  tls = { cert: read('server.pem'), key: read('server.key') };
  bundle = join(folder.path, 'bundle.pem');
  writeFileSync(bundle, (existsSync(SYSTEM_BUNDLE) ? readFileSync(SYSTEM_BUNDLE, 'utf8') : '') + read('ca.pem'));
});

afterAll(() => folder.remove());

describe('NODE_EXTRA_CA_CERTS', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  async function httpsKeystone(): Promise<{ url: string; seen: string[] }> {
    const keystone = await refusingKeystone(0, tls);
    cleanup.push(() => keystone.server.close());
    return { url: `https://127.0.0.1:${keystone.port}/v3`, seen: keystone.seen };
  }

  function home(): string {
    const made = tempHome();
    cleanup.push(made.remove);
    return made.path;
  }

  it.each([
    ['bin/lab-console', [LAUNCHER], { NODE_EXTRA_CA_CERTS: '' }],
    // The portable entry, as the launcher starts it when the snapshot is stale: the name handed over.
    ['bin/lab-console.js', [process.execPath, CLI], { NODE_EXTRA_CA_CERTS: '', LAB_CONSOLE_EXTRA_CA_CERTS: '' }],
  ] as const)('%s trusts a cloud whose CA only NODE_EXTRA_CA_CERTS names', async (_name, command, unset) => {
    const keystone = await httpsKeystone();
    const name = command.length === 1 ? 'NODE_EXTRA_CA_CERTS' : 'LAB_CONSOLE_EXTRA_CA_CERTS';
    const result = await cloudCheck(command, home(), keystone.url, { ...unset, [name]: bundle });
    expect(result.stderr).not.toMatch(/certificate/i);
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens']);
    expect(result.code).toBe(1);
  });

  it('trusts that CA through an HTTPS proxy tunnel too', async () => {
    const keystone = await refusingKeystone(0, tls);
    // The proxy records the tunnel it opened: the handshake with Keystone ran inside it.
    const proxy = await tunnellingProxy(keystone.port);
    cleanup.push(
      () => keystone.server.close(),
      () => proxy.server.close(),
    );
    const result = await cloudCheck([LAUNCHER], home(), `https://127.0.0.1:${keystone.port}/v3`, {
      NODE_EXTRA_CA_CERTS: bundle,
      HTTPS_PROXY: proxy.url,
    });
    expect(proxy.tunnels).toEqual([`127.0.0.1:${keystone.port}`]);
    expect(result.stderr).not.toMatch(/certificate/i);
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens']);
  });

  it('refuses that cloud with the certificate error when the variable is not set', async () => {
    const keystone = await httpsKeystone();
    const result = await cloudCheck([LAUNCHER], home(), keystone.url, { NODE_EXTRA_CA_CERTS: '' });
    expect(result.stderr).toMatch(/certificate/i);
    expect(keystone.seen).toEqual([]);
    expect(result.code).toBe(1);
  });

  it("warns once, in node's words, of a file it cannot read, at the first TLS connection, and keeps node's roots", async () => {
    const keystone = await httpsKeystone();
    const result = await cloudCheck([LAUNCHER], home(), keystone.url, { NODE_EXTRA_CA_CERTS: MISSING });
    expect(result.stderr.match(IGNORING)).toHaveLength(1);
    expect(result.stderr).toMatch(/certificate/i);
    expect(keystone.seen).toEqual([]);
  });

  it('is not read by a command that opens no TLS connection: --version, cloud check of an http:// cloud', async () => {
    const version = spawnSync(LAUNCHER, ['--version'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: MISSING }, encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const keystone = await refusingKeystone();
    cleanup.push(() => keystone.server.close());
    const check = await cloudCheck([LAUNCHER], home(), `http://127.0.0.1:${keystone.port}/v3`, { NODE_EXTRA_CA_CERTS: MISSING });
    expect(keystone.seen).toEqual(['POST /v3/auth/tokens']);
    expect(check.stderr).not.toMatch(IGNORING);
  });

  it('is in the environment of the processes the CLI starts, as the user set it', () => {
    const report = join(home(), 'child-env.json');
    // A preload that starts a process as the run ends: what any child of the CLI inherits.
    const preload = join(folder.path, 'child-env.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, require('node:child_process').execFileSync(process.execPath, ['-p', 'JSON.stringify([process.env.NODE_EXTRA_CA_CERTS, process.env.LAB_CONSOLE_EXTRA_CA_CERTS ?? null])'], { env: { ...process.env, NODE_OPTIONS: '' } })));\n`,
    );
    const run = spawnSync(LAUNCHER, ['--version'], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle, NODE_OPTIONS: `--require ${preload}` },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual([bundle, null]);
  });
});

describe('NODE_EXTRA_CA_CERTS with a client certificate (mutual TLS)', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  /** A cloud whose certificate only the bundle's CA vouches for, and which requires a client certificate of client's CA. */
  async function mutualTlsCloud(): Promise<{ authUrl: string; seen: string[] }> {
    const cloud = await acceptingCloud({ ...tls, ca: client.caPem, requestCert: true, rejectUnauthorized: true });
    cleanup.push(() => cloud.server.close());
    return cloud;
  }

  function home(): string {
    const made = tempHome();
    cleanup.push(made.remove);
    return made.path;
  }

  it('cloud check through bin/lab-console succeeds with the cert and key clouds.yaml names', async () => {
    const cloud = await mutualTlsCloud();
    const result = await cloudCheck(
      [LAUNCHER],
      home(),
      cloud.authUrl,
      { NODE_EXTRA_CA_CERTS: bundle },
      { cert: client.certFile, key: client.keyFile },
    );
    expect(result.stderr).toBe('');
    expect(cloud.seen).toEqual(['POST /v3/auth/tokens', 'GET /v1/p1/build_info']);
    expect(result.code).toBe(0);
  });

  it('cloud check fails clearly without the client certificate', async () => {
    const cloud = await mutualTlsCloud();
    const result = await cloudCheck([LAUNCHER], home(), cloud.authUrl, { NODE_EXTRA_CA_CERTS: bundle });
    expect(cloud.seen).toEqual([]);
    expect(result.stderr).toMatch(/requires a client certificate[\s\S]*Set cert and key/);
    expect(result.code).toBe(1);
  });

  it('and through an HTTPS proxy tunnel: succeeds with the client certificate, fails clearly without it', async () => {
    const cloud = await mutualTlsCloud();
    const port = new URL(cloud.authUrl).port;
    const proxy = await tunnellingProxy(Number(port));
    cleanup.push(() => proxy.server.close());
    const env = { NODE_EXTRA_CA_CERTS: bundle, HTTPS_PROXY: proxy.url };
    const withCert = await cloudCheck([LAUNCHER], home(), cloud.authUrl, env, { cert: client.certFile, key: client.keyFile });
    expect(withCert.code).toBe(0);
    const tunnelsWithCert = proxy.tunnels.length;
    const without = await cloudCheck([LAUNCHER], home(), cloud.authUrl, env);
    expect(without.stderr).toMatch(/requires a client certificate/);
    expect(without.code).toBe(1);
    // One tunnel for the refused connection: a refused certificate is not retried as a reset would be.
    expect(proxy.tunnels.slice(tunnelsWithCert)).toEqual([`127.0.0.1:${port}`]);
    expect(cloud.seen).toEqual(['POST /v3/auth/tokens', 'GET /v1/p1/build_info']);
  });
});
