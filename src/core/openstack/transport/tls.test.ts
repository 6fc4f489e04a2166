import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlsError } from '../errors';
import { createDispatcher, type TlsMaterial } from './dispatcher';
import { HttpTransport } from './http-transport';

/** Real certificates made with openssl: a private CA, and servers whose certificates are wrong in each way. */
let dir: string;
let caPem: string;
const servers: Record<string, { server: Server; url: string }> = {};

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function signedByCa(name: string, subjectAltName: string, dates?: [string, string]): void {
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
    '-addext',
    `subjectAltName=${subjectAltName}`,
  );
  openssl(
    'ca',
    '-config',
    'ca.cnf',
    '-batch',
    '-notext',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    `${name}.csr`,
    '-out',
    `${name}.pem`,
    ...(dates ? ['-startdate', dates[0], '-enddate', dates[1]] : ['-days', '2']),
  );
}

async function serve(name: string, certFile: string, keyFile: string): Promise<void> {
  const server = createServer({ cert: readFileSync(join(dir, certFile)), key: readFileSync(join(dir, keyFile)) }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers[name] = { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-'));
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca = ca_default\n[ca_default]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = any\ncopy_extensions = copy\n[any]\ncommonName = supplied\n',
  );
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Lab Test CA',
  );
  caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  signedByCa('good', 'IP:127.0.0.1,DNS:localhost');
  signedByCa('other', 'DNS:other.example');
  signedByCa('expired', 'IP:127.0.0.1', ['20200101000000Z', '20200201000000Z']);
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  await serve('good', 'good.pem', 'good.key');
  await serve('other', 'other.pem', 'other.key');
  await serve('expired', 'expired.pem', 'expired.key');
  await serve('self', 'self.pem', 'self.key');
}, 60_000);

afterAll(async () => {
  for (const { server } of Object.values(servers)) await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function get(name: string, tls: TlsMaterial): Promise<number> {
  const http = new HttpTransport({
    dispatcher: createDispatcher({ tls, connectTimeoutMs: 2_000, proxy: {} }),
    retry: { maxAttempts: 1 },
  });
  return http
    .send({ method: 'GET', url: servers[name]!.url })
    .then((r) => r.status)
    .finally(() => http.close());
}

async function tlsProblem(name: string, tls: TlsMaterial): Promise<TlsError> {
  const error = await get(name, tls).catch((e: unknown) => e);
  if (!(error instanceof TlsError)) throw new Error(`expected a TlsError, got ${String(error)}`);
  return error;
}

describe('TLS verification', () => {
  it('accepts a server signed by the configured cacert', async () => {
    expect(await get('good', { verify: true, caPem })).toBe(200);
  });

  it('names an unknown CA and points at cacert', async () => {
    const error = await tlsProblem('good', { verify: true });
    expect(error.problem).toBe('unknown-ca');
    expect(error.message).toMatch(/CA this machine does not trust/);
    expect(error.message).toMatch(/cacert/);
  });

  it('names a self-signed certificate', async () => {
    expect((await tlsProblem('self', { verify: true })).problem).toBe('self-signed');
  });

  it('names a host name mismatch', async () => {
    const error = await tlsProblem('other', { verify: true, caPem });
    expect(error.problem).toBe('hostname-mismatch');
    expect(error.message).toContain('127.0.0.1');
  });

  it('names an expired certificate', async () => {
    expect((await tlsProblem('expired', { verify: true, caPem })).problem).toBe('expired');
  });

  it('connects anyway with verify: false', async () => {
    expect(await get('self', { verify: false })).toBe(200);
  });
});
