import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { reassemblePacketsWithoutCopying, type RdpjsBufferLayer } from './packet-reassembly';

const require = createRequire(import.meta.url);
const { BufferLayer } = require('node-rdpjs-2/lib/core/layer.js') as {
  BufferLayer: new (socket: EventEmitter) => RdpjsBufferLayer & EventEmitter & { expect(size: number): void };
};

/** Packets as a 2-byte length and a body, like TPKT's header then packet; a little PRNG for the cuts. */
function packetsThrough(direct: boolean, chunks: readonly Buffer[]): string[] {
  const socket = new EventEmitter();
  const layer = new BufferLayer(socket);
  if (direct) reassemblePacketsWithoutCopying(layer);
  const bodies: string[] = [];
  let header = true;
  layer.expect(2);
  layer.on('data', (s: { buffer: Buffer; offset: number }) => {
    const bytes = s.buffer.subarray(s.offset);
    if (header) layer.expect(bytes.readUInt16LE(0));
    else {
      bodies.push(bytes.toString('hex'));
      layer.expect(2);
    }
    header = !header;
  });
  for (const chunk of chunks) socket.emit('data', chunk);
  return bodies;
}

describe('packets cut from the TLS stream without a copy', () => {
  it('gives the same packets as node-rdpjs, however the stream is split into chunks', () => {
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n) + 1;
    const parts: Buffer[] = [];
    for (let i = 0; i < 60; i++) {
      const body = Buffer.alloc(random(4_000) + 1, i & 0xff);
      body.writeUInt16LE(i, 0);
      const length = Buffer.alloc(2);
      length.writeUInt16LE(body.length);
      parts.push(length, body);
    }
    const stream = Buffer.concat(parts);
    for (const cut of [1, 7, 1000, 16_384, 70_000]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length;) {
        const size = cut === 1000 ? random(cut) : cut;
        chunks.push(Buffer.from(stream.subarray(at, at + size)));
        at += size;
      }
      const direct = packetsThrough(true, chunks);
      expect(direct).toHaveLength(60);
      expect(direct).toEqual(packetsThrough(false, chunks));
    }
  }, 60_000);
});
