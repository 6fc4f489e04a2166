import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { silentLogger } from '../../log/logger';
import { ENTRY_PATH, ServiceProxy } from './service-proxy';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One raw request to 127.0.0.1:port with exactly these headers (fetch would not let a test choose Host). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', host = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let upstream: Server;
let upstreamPort: number;
let seen: IncomingMessage[];
let proxy: ServiceProxy;
let activity: number;
let now: number;

async function startUpstream(): Promise<void> {
  seen = [];
  upstream = createServer((req, res) => {
    seen.push(req);
    if (req.url === '/redirect') {
      res.writeHead(302, { Location: `http://localhost:${upstreamPort}/login?next=%2F` });
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/html',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'",
      'Set-Cookie': ['session=abc; Domain=localhost; Path=/; HttpOnly'],
    });
    res.end(`<h1>Dashboard</h1> ${req.method} ${req.url}`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
  upstreamPort = (upstream.address() as AddressInfo).port;
}

function forward(port: () => number): () => Promise<Duplex> {
  return () =>
    new Promise((resolve, reject) => {
      const socket = netConnect(port(), '127.0.0.1');
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
}

beforeEach(async () => {
  await startUpstream();
  activity = 0;
  now = 1_000_000;
  proxy = await ServiceProxy.start({
    name: 'Dashboard',
    upstream: { host: 'localhost', port: upstreamPort, tls: false },
    path: '/ui/',
    connect: forward(() => upstreamPort),
    onActivity: () => activity++,
    logger: silentLogger,
    now: () => now,
  });
});

afterEach(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

/** Opens the console as its view would: the entry address, then its cookie. */
async function enter(): Promise<string> {
  const entry = new URL(proxy.entryUrl());
  const answer = await get(proxy.port, entry.pathname);
  expect(answer.status).toBe(303);
  expect(answer.headers.location).toBe('/ui/');
  const cookie = answer.headers['set-cookie']![0]!;
  expect(cookie).toMatch(new RegExp(`^lc_web_${proxy.port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
  return cookie.split(';')[0]!;
}

describe('a web console proxy', () => {
  it('answers nothing of the service without the secret: no request reaches it', async () => {
    for (const path of ['/', '/ui/', '/api/v1/secrets', `${ENTRY_PATH}not-a-secret`]) {
      const answer = await get(proxy.port, path);
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain('Dashboard</h1>');
    }
    expect((await get(proxy.port, '/ui/', { cookie: `lc_web_${proxy.port}=${'x'.repeat(43)}` })).status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('opens with a one-time entry: the address works once, within its minute', async () => {
    const entry = new URL(proxy.entryUrl()).pathname;
    expect((await get(proxy.port, entry)).status).toBe(303);
    expect((await get(proxy.port, entry)).status).toBe(403);
    const late = new URL(proxy.entryUrl()).pathname;
    now += 61_000;
    expect((await get(proxy.port, late)).status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('passes a request with its cookie to the service, as the service expects it and without the cookie', async () => {
    const cookie = await enter();
    const answer = await get(proxy.port, '/ui/?tab=1', {
      cookie: `theme=dark; ${cookie}`,
      origin: `http://127.0.0.1:${proxy.port}`,
      referer: `http://127.0.0.1:${proxy.port}/ui/`,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<h1>Dashboard</h1> GET /ui/?tab=1');
    const [received] = seen;
    expect(received!.headers.host).toBe(`localhost:${upstreamPort}`);
    expect(received!.headers.cookie).toBe('theme=dark');
    expect(received!.headers.origin).toBe(`http://localhost:${upstreamPort}`);
    expect(received!.headers.referer).toBe(`http://localhost:${upstreamPort}/ui/`);
  });

  it('lets the Lab tab show the page: no X-Frame-Options, framing by loopback pages only, redirects and cookies kept on its origin', async () => {
    const cookie = await enter();
    const page = await get(proxy.port, '/ui/', { cookie });
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['content-security-policy']).toBe("default-src 'self', frame-ancestors http://127.0.0.1:* http://localhost:*");
    expect(page.headers['set-cookie']).toEqual(['session=abc; Path=/; HttpOnly']);
    const redirect = await get(proxy.port, '/redirect', { cookie });
    expect(redirect.headers.location).toBe('/login?next=%2F');
  });

  it('refuses another Host (DNS rebinding) before anything else', async () => {
    const cookie = await enter();
    const answer = await get(proxy.port, '/ui/', { cookie, host: 'evil.example:80' });
    expect(answer.status).toBe(421);
    expect(seen).toEqual([]);
  });

  it('listens on 127.0.0.1 only', async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    if (outside) await expect(get(proxy.port, '/', {}, 'GET', outside)).rejects.toThrow(/ECONNREFUSED/);
    await expect(get(proxy.port, '/', {}, 'GET', '127.0.0.2')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('counts a click or a form as the learner at work, not a page polling', async () => {
    const cookie = await enter();
    await get(proxy.port, '/ui/poll', { cookie });
    await get(proxy.port, '/ui/poll', { cookie, 'sec-fetch-mode': 'cors' });
    expect(activity).toBe(0);
    await get(proxy.port, '/ui/next', { cookie, 'sec-fetch-user': '?1', 'sec-fetch-mode': 'navigate' });
    await get(proxy.port, '/ui/form', { cookie }, 'POST');
    expect(activity).toBe(2);
  });

  it('says the service does not answer yet, naming it, when nothing listens there', async () => {
    const cookie = await enter();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
    const answer = await get(proxy.port, '/ui/', { cookie });
    expect(answer.status).toBe(502);
    expect(answer.body).toContain(`&quot;Dashboard&quot; does not answer on localhost:${upstreamPort} of the lab`);
    await startUpstream();
  });

  it('passes WebSockets of its own pages, and refuses them from any other origin', async () => {
    const sockets = new WebSocketServer({ server: upstream });
    sockets.on('connection', (ws, req) => ws.send(`hello ${req.headers.host} cookie=${req.headers.cookie ?? 'none'}`));
    const cookie = await enter();
    const open = (origin: string, withCookie: boolean) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws`, { origin, headers: withCookie ? { cookie } : {} });
        ws.on('message', (data) => {
          resolve(data.toString());
          ws.close();
        });
        ws.on('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
        ws.on('error', reject);
      });
    expect(await open(`http://127.0.0.1:${proxy.port}`, true)).toBe(`hello localhost:${upstreamPort} cookie=none`);
    await expect(open('http://127.0.0.1:8080', true)).rejects.toThrow('refused 403');
    await expect(open(`http://127.0.0.1:${proxy.port}`, false)).rejects.toThrow('refused 403');
    sockets.close();
  });

  it('closes its port with the console', async () => {
    const port = proxy.port;
    await proxy.close();
    await expect(get(port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
