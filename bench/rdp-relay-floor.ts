import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { sandboxPaths } from '../test/sandbox/paths';

/**
 * `serve`'s part of the RDP figure that no code of ours can remove: a bare node program (no Lab
 * Console code, only node's `tls` and the same `ws` serve uses) that reads a TLS stream and writes
 * what it got to the page's WebSocket — one binary message per 16 ms at most, as serve sends one
 * per display frame; of each, the share of xrdp's bytes that serve sent our page (it leaves out
 * the protocol's headers), so the page gets what ours got — and reads the page's JSON
 * acknowledgements. No RDP, no parsing, no
 * decoding, no flow control: what is left is node's cost of TLS in and a WebSocket out.
 */
const RELAY = `
const tls = require('node:tls');
const { WebSocketServer } = require('ws');
const [tlsPort, intervalMs, share] = JSON.parse(process.argv[1]);
const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => process.stdout.write(sockets.address().port + '\\n'));
sockets.on('connection', (ws) => {
  let chunks = [];
  let bytes = 0;
  let acknowledged = 0;
  const source = tls.connect({ host: '127.0.0.1', port: tlsPort, rejectUnauthorized: false });
  source.on('data', (chunk) => {
    chunks.push(chunk);
    bytes += chunk.length;
  });
  const timer = setInterval(() => {
    if (bytes === 0) return;
    const message = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes);
    const sent = Math.max(1, Math.round(bytes * share));
    chunks = [];
    bytes = 0;
    ws.send(message.subarray(0, sent), { binary: true });
  }, intervalMs);
  ws.on('message', (data) => {
    const ack = JSON.parse(data.toString());
    if (ack.t === 'ack') acknowledged += ack.bytes;
  });
  ws.on('close', () => {
    clearInterval(timer);
    source.destroy();
  });
});
`;

/** Bytes xrdp put in one TLS record in the scene: one TPKT of bitmap updates each (docs/operators.md › rdp-cpu). */
const RECORD_BYTES = 11.5 * 1024;

export interface RdpRelayFloor {
  /** Where the floor page connects: the relay's WebSocket. */
  readonly url: string;
  /** The relay's process, whose CPU is the floor's. */
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * xrdp's side, played by the bench: a TLS server with the sandbox xrdp's own certificate and key
 * (so the same handshake and ciphers), sending `bytesPerSecond` in records of the size xrdp sent,
 * from a buffer of random bytes, every 10 ms. It runs in the bench's process, counted for no one,
 * as xrdp is not.
 */
async function startFeeder(bytesPerSecond: number): Promise<Server> {
  const { xrdpDir } = sandboxPaths();
  const record = randomBytes(RECORD_BYTES);
  const server = createServer({ cert: readFileSync(join(xrdpDir, 'cert.pem')), key: readFileSync(join(xrdpDir, 'key.pem')) });
  server.on('secureConnection', (socket: TLSSocket) => {
    const started = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      const due = ((performance.now() - started) / 1000) * bytesPerSecond;
      while (sent + RECORD_BYTES <= due) {
        socket.write(record);
        sent += RECORD_BYTES;
      }
    }, 10);
    socket.on('error', () => clearInterval(timer));
    socket.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function relayPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the relay floor exited with ${code}`)));
  });
}

/**
 * The relay floor fed at `bytesPerSecond` (what xrdp sent ours), passing on `share` of it (what
 * serve sent our page, over what xrdp sent serve), started and listening.
 */
export async function startRdpRelayFloor(bytesPerSecond: number, share: number, intervalMs = 16): Promise<RdpRelayFloor> {
  const feeder = await startFeeder(bytesPerSecond);
  const tlsPort = (feeder.address() as AddressInfo).port;
  // From the repository's root, so `require('ws')` finds the ws that serve uses.
  const child = spawn(process.execPath, ['-e', RELAY, JSON.stringify([tlsPort, intervalMs, Math.min(1, share)])], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await relayPort(child);
  return {
    url: `ws://127.0.0.1:${port}/`,
    pid: child.pid!,
    async stop() {
      child.kill('SIGKILL');
      await new Promise<void>((resolve) => feeder.close(() => resolve()));
    },
  };
}
