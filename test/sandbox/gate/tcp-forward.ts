import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback listener that relays every connection to `target`. Closing it also cuts the
 * connections it carries, so a suspended lab's RDP session drops like a host that went away.
 */
export class TcpForward {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  constructor(
    readonly port: number,
    readonly targetPort: number,
  ) {}

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  open(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((client) => this.relay(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => {
        this.server = undefined;
        reject(new Error(`Cannot listen on 127.0.0.1:${this.port}: ${error.message}`));
      });
      server.listen({ port: this.port, host: '127.0.0.1', exclusive: true }, () => resolve());
    });
  }

  private relay(client: Socket): void {
    const upstream = connect({ port: this.targetPort, host: '127.0.0.1' });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
