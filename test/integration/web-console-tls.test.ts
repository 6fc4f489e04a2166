/**
 * A web console of an HTTPS service with a self-signed certificate, against a real sshd: the app
 * reaches the service through the SSH connection's direct-tcpip forward, pins the certificate on
 * first use per lab stack, and refuses a changed certificate — for a console already open (no
 * request reaches the new server) and for the next one (the tab fails with both fingerprints).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebStatusEvent } from '../../src/shared/web/web-session';
import { HostKeyPins } from '../../src/core/connect/ssh';
import { SERVICE_CERTIFICATE_KEY_TYPE } from '../../src/core/connect/web/service-tls';
import { webProtocol } from '../../src/core/connect/web/web-protocol';
import { silentLogger } from '../../src/core/log/logger';
import { LiveSessions } from '../../src/core/stream/live-sessions';
import { openDatabase, type Db } from '../../src/core/store/database';
import { systemClock } from '../../src/core/time/clock';
import { TestSshd } from '../support/test-sshd';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function get(url: string, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !check()) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

/** A self-signed certificate, as a lab's dashboard makes for itself. */
function selfSigned(dir: string, name: string): { key: string; cert: string; sha256: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-days',
      '1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  const der = spawnSync('openssl', ['x509', '-in', cert, '-outform', 'DER']);
  const sha256 = spawnSync('openssl', ['dgst', '-sha256', '-hex'], { input: der.stdout, encoding: 'utf8' }).stdout.split('= ')[1]!.trim();
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8'), sha256 };
}

let sshd: TestSshd;
let dir: string;
let db: Db;
let consoles: LiveSessions;
let https: Server;
let servicePort: number;
const reached: string[] = [];
const statuses: WebStatusEvent[] = [];
const stackId = `it-web-${process.pid}`;

function serve(certificate: { key: string; cert: string }, port = 0): Promise<Server> {
  const server = createServer(certificate, (req, res) => {
    reached.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<h1>Dashboard</h1> host=${req.headers.host}`);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const statusOf = (sessionId: string) => statuses.filter((s) => s.sessionId === sessionId).at(-1);

beforeAll(async () => {
  sshd = await TestSshd.start();
  dir = mkdtempSync(join(tmpdir(), 'lc-web-tls-'));
  db = openDatabase({ path: join(dir, 'lab-console.db') });
  https = await serve(selfSigned(dir, 'first'));
  servicePort = (https.address() as AddressInfo).port;
  consoles = new LiveSessions({
    protocols: {
      web: webProtocol({
        pins: new HostKeyPins(db, systemClock),
        service: async () => ({
          name: 'Dashboard',
          connection: 'terminal',
          host: 'localhost',
          port: servicePort,
          path: '/',
          tls: 'self-signed',
        }),
      }),
    },
    labs: {
      resolve: async () => ({
        stackId,
        protocol: 'ssh',
        host: '127.0.0.1',
        port: sshd.port,
        user: sshd.user,
        privateKey: sshd.clientKey.privateKey,
      }),
      state: async () => 'up',
    },
    emitStatus: (event) => event.kind === 'web' && statuses.push(event),
    logger: silentLogger,
  });
}, 60_000);

afterAll(async () => {
  consoles?.closeAll();
  await new Promise((resolve) => https?.close(resolve));
  db?.close();
  rmSync(dir, { recursive: true, force: true });
  await sshd?.dispose();
});

/** Opens the console's one-time address as the view does: the cookie it sets, and where it leads. */
async function enter(sessionId: string): Promise<{ origin: string; cookie: string }> {
  const url = new URL(consoles.entryUrl(sessionId));
  const entry = await get(url.href);
  expect(entry.status).toBe(303);
  return { origin: url.origin, cookie: String(entry.headers['set-cookie']![0]!.split(';')[0]) };
}

describe('a web console of an HTTPS service with its own certificate', () => {
  it('shows the service through the SSH forward and pins its certificate for the lab on first use', async () => {
    const { sessionId } = consoles.open({ kind: 'web', courseId: 'intro-linux', connection: 'terminal', service: 'Dashboard' });
    expect(await waitFor(() => statusOf(sessionId)?.status === 'connected', 30_000)).toBe(true);
    const { origin, cookie } = await enter(sessionId);
    const page = await get(`${origin}/`, cookie);
    expect(page.status).toBe(200);
    expect(page.body).toBe(`<h1>Dashboard</h1> host=localhost:${servicePort}`);
    const pin = new HostKeyPins(db, systemClock).get({ stackId, connection: 'terminal:Dashboard', host: 'localhost', port: servicePort });
    expect(pin).toMatchObject({ keyType: SERVICE_CERTIFICATE_KEY_TYPE });
    consoles.close(sessionId);
  });

  it('refuses a changed certificate: nothing reaches the new server, and the next console fails with both fingerprints', async () => {
    const { sessionId } = consoles.open({ kind: 'web', courseId: 'intro-linux', connection: 'terminal', service: 'Dashboard' });
    expect(await waitFor(() => statusOf(sessionId)?.status === 'connected', 30_000)).toBe(true);
    const { origin, cookie } = await enter(sessionId);
    const pinned = new HostKeyPins(db, systemClock).get({
      stackId,
      connection: 'terminal:Dashboard',
      host: 'localhost',
      port: servicePort,
    })!;

    // Another server on the same port, with a certificate of its own: an impostor, or a rebuilt service.
    await new Promise((resolve) => https.close(resolve));
    const other = selfSigned(dir, 'second');
    https = await serve(other, servicePort);
    reached.length = 0;
    const refused = await get(`${origin}/`, cookie);
    expect(refused.status).toBe(502);
    expect(refused.body).toContain('different HTTPS certificate');
    // Not "start it, then press Reload": reloading cannot help.
    expect(refused.body).not.toContain('does not answer');
    expect(reached).toEqual([]);
    consoles.close(sessionId);

    const next = consoles.open({ kind: 'web', courseId: 'intro-linux', connection: 'terminal', service: 'Dashboard' });
    expect(await waitFor(() => statusOf(next.sessionId)?.status === 'failed', 30_000)).toBe(true);
    expect(statusOf(next.sessionId)).toMatchObject({
      failure: 'certificate-changed',
      expectedSha256: pinned.fingerprint,
      actualSha256: other.sha256,
    });
    expect(reached).toEqual([]);
  });

  it('opens no forward over another connection than the one the course names for the service', async () => {
    const { sessionId } = consoles.open({ kind: 'web', courseId: 'intro-linux', connection: 'other', service: 'Dashboard' });
    expect(await waitFor(() => statusOf(sessionId)?.status === 'failed', 30_000)).toBe(true);
    expect(statusOf(sessionId)?.message).toContain('reached through the connection "terminal", not "other"');
  });
});
