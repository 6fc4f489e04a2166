import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { requestSent, requestsSent } from './requests-sent';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A loopback server that holds every request unanswered (in `held`), closed after the test. */
async function holdingServer(): Promise<{ held: ServerResponse[]; port: number }> {
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return { held, port: (server.address() as AddressInfo).port };
}

it('resolves while the request is out: the server has it and has not answered yet', async () => {
  const { held, port } = await holdingServer();

  let answered = false;
  let written = false;
  const headersWritten = (): void => void (written = true);
  subscribe('undici:client:sendHeaders', headersWritten);
  const response = request(`http://127.0.0.1:${port}/v3/auth/tokens`, { method: 'POST', body: '{}' }).then(async (r) => {
    answered = true;
    await r.body.text();
  });
  await requestSent(response);
  unsubscribe('undici:client:sendHeaders', headersWritten);
  expect(written).toBe(true);
  expect(answered).toBe(false);
  // The server gets it without any more help from the caller.
  await expect.poll(() => held.length).toBe(1);
  held[0]!.end('{}');
  await response;
});

it('resolves when the request fails before anything is written (nothing listens)', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const refused = request(`http://127.0.0.1:${port}/`);
  await requestSent(refused);
  await expect(refused).rejects.toThrow();
});

it('waits for as many requests as asked, counting only those it is told to', async () => {
  const { held, port } = await holdingServer();
  const base = `http://127.0.0.1:${port}`;

  const paths: string[] = [];
  const sent = (message: unknown): void => void paths.push((message as { request: { path: string } }).request.path);
  subscribe('undici:client:sendHeaders', sent);
  const requests = ['/v3/auth/tokens', '/v1/p1/stacks?tags=lc', '/v1/p2/stacks?tags=lc'].map((path) =>
    request(`${base}${path}`).then((r) => r.body.text()),
  );
  await requestsSent(2, Promise.all(requests), (r) => r.path.includes('/stacks'));
  unsubscribe('undici:client:sendHeaders', sent);
  expect(paths.filter((p) => p.includes('/stacks'))).toHaveLength(2);
  await expect.poll(() => held.length).toBe(3);
  for (const res of held) res.end('{}');
  await Promise.all(requests);
});
