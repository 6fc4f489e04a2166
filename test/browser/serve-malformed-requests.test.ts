/**
 * Browser mode listens on a port every local program can reach: no request, however malformed, may
 * take `lab-console serve` down (a crash would leave running labs unsuspended). Each request below
 * goes to the real CLI process as raw bytes; each must be answered and the process must keep serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedFrame, sendRaw, upgradeRequest } from '../support/raw-http';
import { startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

let home: ReturnType<typeof tempHome>;
let serve: ServeProcess;

beforeAll(async () => {
  home = tempHome();
  serve = await startServe(home.path);
});

afterAll(async () => {
  await serve?.stop();
  home?.remove();
});

const BAD_COOKIE = 'Cookie: lab_console_token=%E0%A4%A';

function get(target: string, headers: string[] = [`Host: 127.0.0.1:${serve.port}`], version = '1.1'): string {
  return [`GET ${target} HTTP/${version}`, ...headers, 'Connection: close', '', ''].join('\r\n');
}

async function expectStillServing(): Promise<void> {
  expect(serve.child.exitCode, 'lab-console serve exited').toBeNull();
  const answer = await sendRaw(serve.port, get('/'));
  expect(answer.status).toBe(200);
  expect(answer.text).toContain('Lab Console');
}

describe('lab-console serve answers malformed requests and keeps serving', () => {
  it('ignores a cookie that is not valid percent-encoding, over HTTP', async () => {
    expect((await sendRaw(serve.port, get('/', [`Host: 127.0.0.1:${serve.port}`, BAD_COOKIE]))).status).toBe(200);
    await expectStillServing();
  });

  it('refuses with 401 a WebSocket whose only credential is that cookie', async () => {
    expect((await sendRaw(serve.port, upgradeRequest('/api', serve.port, [BAD_COOKIE]))).status).toBe(401);
    expect((await sendRaw(serve.port, upgradeRequest('/stream?session=abcdefgh12345678', serve.port, [BAD_COOKIE]))).status).toBe(401);
    await expectStillServing();
  });

  const port = (): number => serve.port;
  const host = (): string => `Host: 127.0.0.1:${port()}`;
  const http: Array<[string, () => string, number]> = [
    ['bad percent-encoding in the path', () => get('/%E0%A4%A'), 400],
    ['bad percent-encoding in an asset path', () => get('/assets/%zz.js'), 400],
    ['bad percent-encoding in the token', () => get('/?token=%E0%A4%A'), 403],
    ['a query of nothing but separators', () => get('/?%%%=&&==&token'), 403],
    ['an absolute-form target', () => get(`http://127.0.0.1:${port()}/`), 400],
    ['an absolute-form target naming another host', () => get('http://evil.example/'), 400],
    ['the asterisk target', () => get('*'), 400],
    ['a target of two slashes', () => get('//'), 200],
    ['a protocol-relative target', () => get('//evil.example/index.html'), 404],
    ['a Host that is not a host', () => get('/', ['Host: [']), 421],
    ['a Host with two ports', () => get('/', [`Host: 127.0.0.1:${port()}:1`]), 421],
    ['another Host (DNS rebinding)', () => get('/', ['Host: evil.example']), 421],
    ['no Host on HTTP/1.1', () => get('/', []), 400],
    ['no Host on HTTP/1.0', () => get('/', [], '1.0'), 421],
    ['a 64 KiB header', () => get('/', [host(), `X-Big: ${'a'.repeat(65536)}`]), 431],
    ['a cookie header full of junk', () => get('/', [host(), 'Cookie: =;;;=%;lab_console_token;%%%=%']), 200],
    ['a request line that is not HTTP', () => 'HELLO\r\n\r\n', 400],
    ['a control byte in the target', () => get('/a\u0001b'), 400],
    ['a POST', () => [`POST / HTTP/1.1`, host(), 'Content-Length: 5', 'Connection: close', '', 'hello'].join('\r\n'), 405],
  ];
  it.each(http)('HTTP: %s', async (_name, request, status) => {
    expect((await sendRaw(serve.port, request())).status).toBe(status);
    await expectStillServing();
  });

  const token = (): string => serve.token;
  const upgrades: Array<[string, () => string, number]> = [
    ['a Host that is not a host', () => upgradeRequest('/api', port(), []).replace(/Host: [^\r]*/, 'Host: a b'), 421],
    ['an absolute-form target', () => upgradeRequest(`http://127.0.0.1:${port()}/api?token=${token()}`, port()), 400],
    ['bad percent-encoding in the path', () => upgradeRequest(`/ap%E0%A4%A?token=${token()}`, port()), 400],
    ['bad percent-encoding in the token', () => upgradeRequest('/api?token=%E0%A4%A', port()), 401],
    ['bad percent-encoding in the session id', () => upgradeRequest(`/stream?session=%E0%A4%A&token=${token()}`, port()), 400],
    ['no Origin', () => upgradeRequest(`/api?token=${token()}`, port()).replace(/Origin: [^\r]*\r\n/, ''), 403],
    ['no Sec-WebSocket-Key', () => upgradeRequest(`/api?token=${token()}`, port()).replace(/Sec-WebSocket-Key: [^\r]*\r\n/, ''), 400],
    ['a bad cookie beside the right token', () => upgradeRequest(`/api?token=${token()}`, port(), [BAD_COOKIE]), 101],
  ];
  it.each(upgrades)('WebSocket handshake: %s', async (_name, request, status) => {
    expect((await sendRaw(serve.port, request())).status).toBe(status);
    await expectStillServing();
  });

  const frames: Array<[string, () => Buffer]> = [
    ['a reserved opcode', () => maskedFrame(0x83, Buffer.alloc(0))],
    ['a text frame that is not UTF-8', () => maskedFrame(0x81, Buffer.from([0xe0, 0xa4]))],
    ['an unmasked frame', () => Buffer.from([0x81, 0x02, 0x7b, 0x7d])],
    ['a length beyond 2^63', () => Buffer.from([0x82, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])],
    ['JSON nested too deep to parse', () => maskedFrame(0x81, Buffer.from('['.repeat(120)))],
    ['a call frame with a prototype key', () => maskedFrame(0x81, Buffer.from('{"__proto__":{"x":1},"id":1,"call":"app.info"}'))],
  ];
  it.each(frames)('WebSocket frame: %s', async (_name, frame) => {
    const answer = await sendRaw(serve.port, upgradeRequest(`/api?token=${token()}`, port()), { afterHead: frame(), waitMs: 1500 });
    expect(answer.status).toBe(101);
    await expectStillServing();
  });
});
