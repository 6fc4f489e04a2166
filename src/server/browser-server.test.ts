import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempHome } from '../../test/support/temp-home';
import { createAppContext, type AppContext } from '../core/app/app-context';
import { startBrowserServer, type BrowserServer } from './browser-server';

let home: ReturnType<typeof tempHome>;
let context: AppContext;
let server: BrowserServer;

beforeAll(async () => {
  home = tempHome();
  const renderer = join(home.path, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Lab Console</title>');
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'assets', 'first-screen-Ab_d-123.js'), 'export {};');
  writeFileSync(join(renderer, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(home.path, 'outside.txt'), 'secret');
  context = createAppContext({ home: join(home.path, 'data'), mode: 'browser', logName: 'server' });
  server = await startBrowserServer({ context, rendererDir: renderer });
});

afterAll(async () => {
  await server.close();
  context.close();
  home.remove();
});

function open(query: string, origin: string | null = `http://127.0.0.1:${server.port}`): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, origin ? { origin } : {});
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.on('error', () => resolve({}));
  });
}

function statusOf(path: string, headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function request(ws: WebSocket, frame: unknown): Promise<any> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('browser mode server', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`));
  });

  it('refuses a WebSocket without the token or with a wrong one', async () => {
    expect((await open('')).status).toBe(401);
    expect((await open('?token=0000')).status).toBe(401);
  });

  it('refuses a WebSocket from a foreign Origin even with the right token', async () => {
    expect((await open(`?token=${server.token}`, 'http://evil.example')).status).toBe(403);
    expect((await open(`?token=${server.token}`, null)).status).toBe(403);
  });

  it('serves the UI files without setting any cookie, and never a file outside the UI folder', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const first = await fetch(`${base}/?token=${server.token}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(first.headers.get('set-cookie')).toBeNull();
    // A reload comes without the token (the page keeps it in sessionStorage): the files are public code.
    expect((await fetch(`${base}/`)).status).toBe(200);
    const escape = await fetch(`${base}/..%2Foutside.txt`);
    expect(await escape.text()).not.toContain('secret');
  });

  it('refuses a wrong token in the address with a hint, rather than a UI that cannot connect', async () => {
    const wrong = await fetch(`http://127.0.0.1:${server.port}/?token=0000`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('lab-console serve');
  });

  it('gives its files to no page of another port or site (Fetch Metadata), but lets them navigate to it', async () => {
    // node:http, not fetch: fetch sets Sec-Fetch-Mode itself.
    const from = (site: string, mode: string) => statusOf('/index.html', { 'sec-fetch-site': site, 'sec-fetch-mode': mode });
    expect(await from('same-site', 'no-cors')).toBe(403);
    expect(await from('cross-site', 'cors')).toBe(403);
    expect(await from('same-site', 'navigate')).toBe(200);
    expect(await from('same-origin', 'no-cors')).toBe(200);
    expect(await from('none', 'navigate')).toBe(200);
  });

  it('lets a browser keep the files named by their content, and fetches the page and every other file afresh', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const chunk = await fetch(`${base}/assets/first-screen-Ab_d-123.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(chunk.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const path of ['/', '/index.html', '/icon.svg', '/lab/intro-linux']) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('ignores cookies: a token cookie opens nothing', async () => {
    const status = await new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, {
        origin: `http://127.0.0.1:${server.port}`,
        headers: { cookie: `lab_console_token=${server.token}` },
      });
      ws.on('open', () => (ws.close(), resolve(101)));
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
    });
    expect(status).toBe(401);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect(await statusOf(`/?token=${server.token}`, { host: 'evil.example' })).toBe(421);
  });

  describe('with an authorised socket', () => {
    let ws: WebSocket;
    beforeAll(async () => {
      ws = (await open(`?token=${server.token}`)).ws!;
    });
    afterAll(() => ws.close());

    it('answers a valid call', async () => {
      const answer = await request(ws, { id: 1, call: 'app.info', input: {} });
      expect(answer).toMatchObject({ id: 1, result: { ok: true, value: { name: 'Lab Console', mode: 'browser' } } });
    });

    it('answers a malformed payload with a typed invalid_input error naming the field', async () => {
      const answer = await request(ws, { id: 2, call: 'settings.update', input: { theme: 'purple' } });
      expect(answer.id).toBe(2);
      expect(answer.result.ok).toBe(false);
      expect(answer.result.error.code).toBe('invalid_input');
      expect(answer.result.error.issues[0].path).toBe('theme');
    });

    it('answers an unknown call and a non-JSON frame without dropping the socket', async () => {
      expect((await request(ws, { id: 3, call: 'rm.rf', input: {} })).result.error.code).toBe('unknown_call');
      expect((await request(ws, 'not json')).result.error.code).toBe('invalid_input');
      expect((await request(ws, { id: 4, call: 'settings.get', input: {} })).result.ok).toBe(true);
    });

    it('pushes events to the socket', async () => {
      const event = new Promise<any>((resolve) => {
        const onMessage = (data: WebSocket.RawData): void => {
          const frame = JSON.parse(data.toString());
          if (frame.event) {
            ws.off('message', onMessage);
            resolve(frame);
          }
        };
        ws.on('message', onMessage);
      });
      ws.send(JSON.stringify({ id: 5, call: 'settings.update', input: { theme: 'dark' } }));
      expect(await event).toMatchObject({ event: 'settings.changed', payload: { theme: 'dark' } });
    });
  });
});
