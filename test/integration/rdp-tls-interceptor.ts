import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as netConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, TLSSocket } from 'node:tls';

/**
 * A man in the middle for RDP on loopback: relays the plaintext X.224 negotiation, then ends TLS
 * on both sides with a certificate of its own, so it sees — and records — every byte the client
 * sends inside TLS (MCS connect, then the Client Info PDU with the password), and relays it to
 * the real server. A client that pins the real server's certificate must send it nothing.
 */
export class TlsInterceptor {
  /** Plaintext the client sent inside TLS, all connections together. */
  clientPlaintext = Buffer.alloc(0);
  /** Connections whose TLS handshake with the client completed. */
  handshakes = 0;
  readonly certificateSha256: string;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly key: Buffer,
    private readonly cert: Buffer,
    private readonly upstream: { host: string; port: number },
  ) {
    this.certificateSha256 = new X509Certificate(cert).fingerprint256.replaceAll(':', '').toLowerCase();
  }

  static async start(upstream: { host: string; port: number }): Promise<TlsInterceptor> {
    const dir = mkdtempSync(join(tmpdir(), 'rdp-mitm-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=interceptor',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const server = createServer();
      const interceptor = new TlsInterceptor(server, readFileSync(join(dir, 'key.pem')), readFileSync(join(dir, 'cert.pem')), upstream);
      server.on('connection', (socket) => interceptor.relay(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return interceptor;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  }

  private async relay(client: Socket): Promise<void> {
    this.track(client);
    const server = this.track(netConnect(this.upstream.port, this.upstream.host));
    const closeBoth = () => {
      client.destroy();
      server.destroy();
    };
    client.on('close', closeBoth);
    server.on('close', closeBoth);
    try {
      // X.224 Connection Request → server, Connection Confirm → client, both in clear (MS-RDPBCGR 2.2.1.1-2).
      server.write(await readTpkt(client));
      client.write(await readTpkt(server));
    } catch {
      closeBoth();
      return;
    }
    const clientTls = new TLSSocket(client, { isServer: true, key: this.key, cert: this.cert });
    const serverTls = tlsConnect({ socket: server, rejectUnauthorized: false });
    clientTls.on('secure', () => this.handshakes++);
    clientTls.on('data', (data: Buffer) => {
      this.clientPlaintext = Buffer.concat([this.clientPlaintext, data]);
      serverTls.write(data);
    });
    serverTls.on('data', (data: Buffer) => clientTls.write(data));
    for (const side of [clientTls, serverTls]) {
      side.on('error', closeBoth);
      side.on('end', closeBoth);
    }
  }
}

/** Reads one TPKT (RFC 1006: version 3, reserved, 16-bit big-endian length) and stops reading. */
function readTpkt(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      if (buffered.length < 4) return;
      const length = buffered.readUInt16BE(2);
      if (buffered.length < length) return;
      socket.off('data', onData);
      socket.pause();
      if (buffered.length > length) socket.unshift(buffered.subarray(length));
      resolve(buffered.subarray(0, length));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed during the X.224 negotiation')));
  });
}
