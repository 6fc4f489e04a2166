import { createServer as createHttpServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from './dispatcher';
import { HttpTransport } from './http-transport';

/** A real HTTP CONNECT proxy on loopback that records which hosts it tunnels to. */
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
let upstream: Server;
let upstreamUrl: string;

beforeAll(async () => {
  upstream = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v3`;

  proxy = createHttpServer();
  proxy.on('connect', (req, clientSocket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const target = netConnect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(clientSocket);
      clientSocket.pipe(target);
    });
    target.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => target.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

beforeEach(() => {
  tunnels.length = 0;
});

afterAll(async () => {
  proxy.closeAllConnections();
  upstream.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => upstream.close(resolve));
});

async function get(env: NodeJS.ProcessEnv): Promise<number> {
  const http = new HttpTransport({ dispatcher: createDispatcher({ tls: { verify: true }, connectTimeoutMs: 2_000, env }) });
  try {
    return (await http.send({ method: 'GET', url: upstreamUrl })).status;
  } finally {
    await http.close();
  }
}

describe('createDispatcher and proxies', () => {
  it('goes through HTTP_PROXY / HTTPS_PROXY from the environment', async () => {
    expect(await get({ HTTP_PROXY: proxyUrl })).toBe(200);
    expect(tunnels).toEqual([new URL(upstreamUrl).host]);
  });

  it('goes direct to a host listed in NO_PROXY', async () => {
    expect(await get({ http_proxy: proxyUrl, no_proxy: 'example.org,127.0.0.1' })).toBe(200);
    expect(tunnels).toEqual([]);
  });

  it('goes direct when no proxy is set', async () => {
    expect(await get({})).toBe(200);
    expect(tunnels).toEqual([]);
  });
});
