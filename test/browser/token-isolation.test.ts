/**
 * Cookies are not port-scoped: a cookie set by 127.0.0.1:A is sent to every web server on
 * 127.0.0.1. Browser mode must hold no credential another local port can receive. Here Chromium
 * opens the app (authorised), then visits a second local server in the same tab and in another
 * tab; that server records everything it receives and tries to open the API with it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { launchChromium } from '../support/chromium';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

let home: ReturnType<typeof tempHome>;
let serve: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let other: Server;
let otherPort: number;
const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const reports: string[] = [];

/** What a hostile page on the other port tries from inside the browser: the API's WebSocket, with whatever the browser attaches. */
const hostilePage = (appPort: number): string => `<!doctype html><title>other</title><script>
  const report = (what) => fetch('/report?' + new URLSearchParams({ what }));
  const ws = new WebSocket('ws://127.0.0.1:${appPort}/api');
  ws.onopen = () => report('websocket opened');
  ws.onerror = () => report('websocket refused');
  report('cookie:' + document.cookie + ' referrer:' + document.referrer);
</script>`;

beforeAll(async () => {
  home = tempHome();
  serve = await startServe(home.path);
  other = createServer((request, response) => {
    received.push({ url: request.url ?? '', headers: request.headers });
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/report') reports.push(url.searchParams.get('what') ?? '');
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(url.pathname === '/report' ? '' : hostilePage(serve.port));
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherPort = (other.address() as AddressInfo).port;
  browser = await launchChromium();
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => other?.close(resolve));
  await serve?.stop();
  home?.remove();
});

/** Opens /api the way a local program could: any Origin it likes, and the given token or cookie. */
function openApi(query: string, cookie?: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api${query}`, {
      origin: `http://127.0.0.1:${serve.port}`,
      headers: cookie ? { cookie } : {},
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('the access token stays with the app, not with 127.0.0.1', () => {
  it('another local server visited after the app receives no credential and cannot open the API with what it got', async () => {
    const page = await context.newPage();
    await page.goto(serve.url);
    // Authorised: the library is read through the API.
    await page.getByText('Your course library is empty').waitFor();

    // The same tab goes on to the other server, as by a link or a typed address; then a second tab does.
    await page.goto(`http://127.0.0.1:${otherPort}/`);
    const second = await context.newPage();
    await second.goto(`http://127.0.0.1:${otherPort}/second`);
    await expect.poll(() => reports.filter((r) => r.startsWith('websocket')).length, { timeout: 10_000 }).toBe(2);

    expect(received.length).toBeGreaterThan(0);
    // Everything it received, tried as the token and as a cookie, by a program free to forge Origin.
    const values = received.flatMap((r) => [r.url, ...Object.values(r.headers).flat()]).filter((v): v is string => typeof v === 'string');
    const pieces = [...new Set(values.flatMap((v) => [v, ...v.split(/[;,&?=\s]+/)]).filter(Boolean))];
    for (const piece of pieces) {
      expect(await openApi(`?token=${encodeURIComponent(piece)}`), piece).toBe(401);
    }
    for (const cookie of received.map((r) => r.headers.cookie).filter((c): c is string => c !== undefined)) {
      expect(await openApi('', cookie), cookie).toBe(401);
    }
    expect(received.filter((r) => r.headers.cookie !== undefined).map((r) => r.headers.cookie)).toEqual([]);
    expect(JSON.stringify(received)).not.toContain(serve.token);
    expect(reports.filter((r) => r.startsWith('websocket'))).toEqual(['websocket refused', 'websocket refused']);
    await page.close();
    await second.close();
  });

  it('the app tab keeps its access across a reload; a new tab at the bare address gets none', async () => {
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.getByText('Your course library is empty').waitFor();
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await page.getByText('Your course library is empty').waitFor();

    const bare = await context.newPage();
    const sockets: string[] = [];
    bare.on('websocket', (ws) => sockets.push(ws.url()));
    await bare.goto(`http://127.0.0.1:${serve.port}/`);
    await bare.getByRole('alert').filter({ hasText: 'open the full address printed by' }).first().waitFor();
    expect(sockets).toEqual([]);
    await page.close();
    await bare.close();
  });
});
