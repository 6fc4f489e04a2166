import { createServer, connect, type Server, type Socket } from 'node:net';

/** RFC 6143 §7.5.3: FramebufferUpdateRequest, 10 bytes starting with type 3. */
const UPDATE_REQUEST = 3;
const UPDATE_REQUEST_BYTES = 10;

export interface UpdateRequestRelay {
  readonly port: number;
  /** How many update requests the client sent between two times (Date.now()). */
  requestsBetween(from: number, to: number): number;
  close(): void;
}

/**
 * A loopback TCP relay in front of a VNC server that notes when its client asks for an update. A
 * client that speaks plain request/response RFB (TightVNC's viewer: no continuous updates) asks
 * for the next update once it has drawn the last, so its requests count the updates it drew. The
 * viewer writes each request on its own while it waits for the answer: a chunk that is whole
 * requests is counted; the handshake and its other messages are not requests.
 */
export async function startUpdateRequestRelay(targetPort: number): Promise<UpdateRequestRelay> {
  const times: number[] = [];
  const sockets = new Set<Socket>();
  const countRequests = (chunk: Buffer): void => {
    if (chunk.length === 0 || chunk.length % UPDATE_REQUEST_BYTES !== 0) return;
    for (let at = 0; at < chunk.length; at += UPDATE_REQUEST_BYTES) if (chunk[at] !== UPDATE_REQUEST) return;
    const now = Date.now();
    for (let at = 0; at < chunk.length; at += UPDATE_REQUEST_BYTES) times.push(now);
  };
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', countRequests);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The update request relay has no port.');
  return {
    port: address.port,
    requestsBetween: (from, to) => times.filter((t) => t >= from && t <= to).length,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
