import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startUpdateRequestRelay, type UpdateRequestRelay } from './update-request-relay';

const updateRequest = (): Buffer => Buffer.from([3, 1, 0, 0, 0, 0, 3, 32, 2, 88]);

describe('startUpdateRequestRelay', () => {
  let relay: UpdateRequestRelay | undefined;
  const closers: (() => void)[] = [];
  afterEach(() => {
    relay?.close();
    closers.splice(0).forEach((close) => close());
  });

  it('relays both ways and counts the update requests the client wrote, not its handshake or other messages', async () => {
    const serverGot: Buffer[] = [];
    let serverSide: Socket | undefined;
    const server = createServer((socket) => {
      serverSide = socket;
      socket.on('data', (chunk) => serverGot.push(chunk));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    relay = await startUpdateRequestRelay((server.address() as AddressInfo).port);
    const client = connect(relay.port, '127.0.0.1');
    closers.push(() => client.destroy());
    const clientGot: Buffer[] = [];
    client.on('data', (chunk) => clientGot.push(chunk));
    await new Promise((resolve) => client.once('connect', resolve));
    const from = Date.now();
    const send = async (bytes: Buffer): Promise<void> => {
      client.write(bytes);
      await new Promise((resolve) => setTimeout(resolve, 30));
    };
    await send(Buffer.from('RFB 003.008\n', 'latin1'));
    await send(Buffer.from([2, 0, 0, 1, 0, 0, 0, 7])); // SetEncodings: Tight
    await send(updateRequest());
    await send(updateRequest());
    serverSide!.write(Buffer.from([0, 0, 0, 0]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(relay.requestsBetween(from, Date.now())).toBe(2);
    expect(relay.requestsBetween(0, from - 1)).toBe(0);
    expect(Buffer.concat(serverGot)).toHaveLength(12 + 8 + 20);
    expect(Buffer.concat(clientGot)).toEqual(Buffer.from([0, 0, 0, 0]));
  });
});
