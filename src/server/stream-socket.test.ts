import { mkdirSync, writeFileSync } from 'node:fs';
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
  context = createAppContext({ home: join(home.path, 'data'), mode: 'browser', logName: 'server' });
  server = await startBrowserServer({ context, rendererDir: renderer });
});

afterAll(async () => {
  await server.close();
  context.close();
  home.remove();
});

type Opened = { ws?: WebSocket; status?: number; messages: unknown[] };
function openStream(query: string, origin = `http://127.0.0.1:${server.port}`): Promise<Opened> {
  return new Promise((resolve) => {
    const messages: unknown[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/stream${query}`, { origin });
    // The app speaks first ("ready" right after the upgrade): listen before "open".
    ws.on('message', (data, binary) => messages.push(binary ? 'binary' : JSON.parse(data.toString())));
    ws.on('open', () => resolve({ ws, messages }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode, messages }));
    ws.on('error', () => resolve({ messages }));
  });
}

const closeOf = (ws: WebSocket) => new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

describe('the /stream WebSocket of browser mode', () => {
  it('applies the same token and Origin checks as /api', async () => {
    const { sessionId } = context.sessions.open({ kind: 'terminal', courseId: 'intro-linux', connection: 'terminal', cols: 80, rows: 24 });
    expect((await openStream(`?session=${sessionId}`)).status).toBe(401);
    expect((await openStream(`?session=${sessionId}&token=${server.token}`, 'http://evil.example')).status).toBe(403);
  });

  it('refuses a malformed session id before upgrading, and closes on an unknown one', async () => {
    expect((await openStream(`?session=../../x&token=${server.token}`)).status).toBe(400);
    const { ws } = await openStream(`?session=abcdefgh12345678&token=${server.token}`);
    expect(await closeOf(ws!)).toBe(4404);
  });

  it('attaches to an open session: "ready" first, and a second window takes the stream over', async () => {
    const { sessionId } = context.sessions.open({ kind: 'terminal', courseId: 'intro-linux', connection: 'terminal', cols: 80, rows: 24 });
    const opened = await openStream(`?session=${sessionId}&token=${server.token}`);
    const first = opened.ws!;
    await expect.poll(() => opened.messages[0]).toMatchObject({ t: 'ready', sessionId });
    const firstClosed = closeOf(first);
    const second = (await openStream(`?session=${sessionId}&token=${server.token}`)).ws!;
    expect(await firstClosed).toBe(4409);
    second.close();
  });
});
