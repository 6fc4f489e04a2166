import { connect, createServer } from 'node:net';

/**
 * Ports come from 20000–31999: below Linux's ephemeral range (32768–60999), so an outgoing
 * connection's local port can never sit on a port the sandbox wants to listen on again later.
 */
const LOW = 20000;
const HIGH = 31999;

export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port nobody listens on now, avoiding `taken` (ports this sandbox already handed out). */
export async function findFreePort(taken: ReadonlySet<number> = new Set()): Promise<number> {
  const span = HIGH - LOW + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i += 1) {
    const port = LOW + ((start + i) % span);
    if (taken.has(port)) continue;
    if (await canListen(port)) return port;
  }
  throw new Error(`No free loopback port between ${LOW} and ${HIGH}.`);
}

/** Several distinct free ports. */
export async function findFreePorts(count: number, taken: ReadonlySet<number> = new Set()): Promise<number[]> {
  const used = new Set(taken);
  const ports: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const port = await findFreePort(used);
    used.add(port);
    ports.push(port);
  }
  return ports;
}

/** Whether something accepts connections on the port (a listener on any address family counts). */
export function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (value: boolean) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
