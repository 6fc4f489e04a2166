import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadEnrolment, MAX_ENROLMENT_BYTES } from './enrolment-download';

const ENROLMENT = JSON.stringify({ format: 'lab-console-enrolment/1' });
let dir: string;
let https: Server;
let http: HttpServer;
let httpsBase: string;
let httpBase: string;
let dispatcher: Agent;
const served: string[] = [];

function listen(server: Server | HttpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  // A real TLS server on loopback with its own certificate, trusted by this test's dispatcher only.
  dir = mkdtempSync(join(tmpdir(), 'enrol-tls-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  http = createHttpServer((req, res) => {
    served.push(`http ${req.url}`);
    res.end(ENROLMENT);
  });
  httpBase = `http://127.0.0.1:${await listen(http)}`;
  https = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
    served.push(`https ${req.url}`);
    if (req.url === '/alice.lab-enrol.json') return void res.end(ENROLMENT);
    if (req.url === '/to-http') return void res.writeHead(302, { location: `${httpBase}/alice.lab-enrol.json` }).end();
    if (req.url === '/to-https') return void res.writeHead(301, { location: '/alice.lab-enrol.json' }).end();
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/huge') return void res.end('x'.repeat(MAX_ENROLMENT_BYTES + 1));
    res.writeHead(404).end();
  });
  httpsBase = `https://127.0.0.1:${await listen(https)}`;
  dispatcher = new Agent({ connect: { ca: cert } });
});

afterAll(async () => {
  await dispatcher?.close();
  https?.close();
  http?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('downloading the enrolment file of a labconsole://enrol link', () => {
  it('fetches it over https, following https redirects, and names it after the address', async () => {
    expect(await downloadEnrolment(`${httpsBase}/alice.lab-enrol.json`, { dispatcher })).toEqual({
      fileName: 'alice.lab-enrol.json',
      text: ENROLMENT,
    });
    expect((await downloadEnrolment(`${httpsBase}/to-https`, { dispatcher })).text).toBe(ENROLMENT);
  });

  it('never fetches over plain http, not even through a redirect', async () => {
    served.length = 0;
    await expect(downloadEnrolment(`${httpBase}/alice.lab-enrol.json`, { dispatcher })).rejects.toThrow(/only fetched over https/);
    await expect(downloadEnrolment(`${httpsBase}/to-http`, { dispatcher })).rejects.toThrow(/redirects to http:.*only fetched over https/);
    expect(served.filter((s) => s.startsWith('http '))).toEqual([]);
  });

  it('refuses a server whose certificate is not trusted', async () => {
    await expect(downloadEnrolment(`${httpsBase}/alice.lab-enrol.json`)).rejects.toThrow(/Could not download the enrolment file/);
  });

  it('stops at a redirect loop, an oversized body and a missing file, each with its reason', async () => {
    await expect(downloadEnrolment(`${httpsBase}/loop`, { dispatcher })).rejects.toThrow(/redirects more than 3 times/);
    await expect(downloadEnrolment(`${httpsBase}/huge`, { dispatcher })).rejects.toThrow(/not an enrolment file/);
    await expect(downloadEnrolment(`${httpsBase}/nothing`, { dispatcher })).rejects.toThrow(/answered HTTP 404/);
  });
});
