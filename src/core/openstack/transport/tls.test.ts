import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
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
const servers: Record<string, { close(): Promise<void>; url: string }> = {};

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

/**
 * A server whose client certificates OpenSSL itself verifies, as nginx's or Apache's are: it refuses
 * one in an alert naming why (node's own server closes the connection without one).
 */
async function serveWithOpenSsl(name: string, clientCaFile: string): Promise<void> {
  const args = ['s_server', '-accept', '127.0.0.1:0', '-cert', 'good.pem', '-key', 'good.key', '-CAfile', clientCaFile, '-Verify', '1'];
  const opensslServer = spawn('openssl', [...args, '-verify_return_error', '-www'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    opensslServer.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const accept = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out);
      if (accept) resolve(accept[1]!);
    });
    opensslServer.on('exit', (code) => reject(new Error(`openssl s_server ended (${code}): ${out}`)));
  });
  servers[name] = {
    close: async () => void opensslServer.kill(),
    url: `https://127.0.0.1:${port}/`,
  };
}

/** `clientCa`: the server requires a client certificate that CA signed. */
async function serve(name: string, certFile: string, keyFile: string, clientCa?: string): Promise<void> {
  const clientAuth = clientCa ? { ca: clientCa, requestCert: true, rejectUnauthorized: true } : {};
  const server = createServer(
    { cert: readFileSync(join(dir, certFile)), key: readFileSync(join(dir, keyFile)), ...clientAuth },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers[name] = {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
  };
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
  signedByCa('client', 'DNS:learner');
  await serve('mutual', 'good.pem', 'good.key', caPem);
  await serveWithOpenSsl('mutual-openssl', 'ca.pem');
}, 60_000);

afterAll(async () => {
  for (const server of Object.values(servers)) await server.close();
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

describe('Mutual TLS', () => {
  const clientCert = (): TlsMaterial => ({
    verify: true,
    caPem,
    certPem: readFileSync(join(dir, 'client.pem'), 'utf8'),
    keyPem: readFileSync(join(dir, 'client.key'), 'utf8'),
  });

  it('sends the client certificate to a server that requires one', async () => {
    expect(await get('mutual', clientCert())).toBe(200);
  });

  // TLS 1.3 refuses a missing client certificate in an alert after the handshake, while the request is on its way.
  it('names the missing client certificate and points at cert and key, not at the network', async () => {
    const error = await tlsProblem('mutual', { verify: true, caPem });
    expect(error.problem).toBe('client-certificate');
    expect(error.message).toMatch(/client certificate/);
    expect(error.message).toMatch(/\bcert\b.*\bkey\b/);
  });

  it('names a client certificate the server refuses (signed by a CA it does not trust)', async () => {
    const selfSigned = {
      verify: true,
      caPem,
      certPem: readFileSync(join(dir, 'self.pem'), 'utf8'),
      keyPem: readFileSync(join(dir, 'self.key'), 'utf8'),
    };
    expect((await tlsProblem('mutual-openssl', selfSigned)).problem).toBe('client-certificate');
  });
});
