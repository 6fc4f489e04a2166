import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../test/data/rdp/capture-format';
import { readBitmapPacket, readBitmapTpkt } from './bitmap-update-pdu';
import { reassemblePacketsWithoutCopying, type RdpjsBufferLayer } from './packet-reassembly';
import type { RdpjsBitmap } from './rdpjs-client';
import { asRdpjs, bitmapUpdatePdu, comparable, random, tpkt, x224Packet } from './rdp-packets.test-support';
import { readBitmapTpktsDirectly } from './tpkt-bitmap-path';

const require = createRequire(import.meta.url);
const { BufferLayer } = require('node-rdpjs-2/lib/core/layer.js') as {
  BufferLayer: new (socket: EventEmitter) => RdpjsBufferLayer & EventEmitter;
};
const TPKT = require('node-rdpjs-2/lib/protocol/tpkt.js') as new (transport: RdpjsBufferLayer) => EventEmitter & {
  recvHeader(s: unknown): void;
  recvData(s: unknown): void;
  recvFastPath(secFlag: unknown, s: unknown): void;
};

const bitmaps = readCapture('scroll-24bpp.rdpcap').map(asRdpjs);
const bitmapTpkt = (from: number, count: number, channel = 1003): Buffer =>
  tpkt(
    x224Packet(
      Buffer.concat([bitmapUpdatePdu(bitmaps.slice(from, from + count)), bitmapUpdatePdu(bitmaps.slice(from + count, from + 2 * count))]),
      channel,
    ),
  );
/** A fast-path packet (MS-RDPBCGR 2.2.9.1.2): action 0, a one-byte length, an update of no interest here. */
const fastPath = (): Buffer => Buffer.from([0x00, 6, 0x00, 0x00, 0x00, 0x00]);

describe('TPKTs of bitmap updates read straight off what TLS handed over', () => {
  it("gives the X.224 packet's bitmaps and the TPKT's size, leaving what follows it", () => {
    const packet = bitmapTpkt(0, 3);
    const next = bitmapTpkt(10, 1);
    const read = readBitmapTpkt(Buffer.concat([packet, next]))!;
    expect(read.size).toBe(packet.length);
    expect(read.bitmaps.map(comparable)).toEqual(readBitmapPacket(packet.subarray(4))!.map(comparable));
    expect(read.bitmaps).toHaveLength(6);
  });

  it('leaves to node-rdpjs a TPKT cut short, a fast-path packet, one of another channel, and lengths that do not add up', () => {
    const packet = bitmapTpkt(0, 2);
    expect(readBitmapTpkt(packet.subarray(0, packet.length - 1))).toBeUndefined();
    expect(readBitmapTpkt(packet.subarray(0, 3))).toBeUndefined();
    expect(readBitmapTpkt(fastPath())).toBeUndefined();
    expect(readBitmapTpkt(bitmapTpkt(0, 2, 1007))).toBeUndefined();
    const tooShort = Buffer.from(packet);
    tooShort.writeUInt16BE(3, 2);
    expect(readBitmapTpkt(tooShort)).toBeUndefined();
    const shorterThanItsBody = Buffer.from(packet);
    shorterThanItsBody.writeUInt16BE(packet.length - 1, 2);
    expect(readBitmapTpkt(shorterThanItsBody)).toBeUndefined();
  });

  it('never throws nor reads past the TPKT, whatever a server sends', () => {
    const valid = Buffer.concat([bitmapTpkt(20, 4), bitmapTpkt(40, 1)]);
    let readSome = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const chunk = Buffer.from(valid.subarray(0, 1 + Math.floor(next() * valid.length)));
      const flips = Math.floor(next() * 6);
      for (let i = 0; i < flips; i++) chunk[Math.floor(next() * Math.min(chunk.length, 80))] = Math.floor(next() * 256);
      const read = readBitmapTpkt(chunk);
      if (!read) continue;
      readSome++;
      expect(read.size, `seed ${seed}`).toBe(chunk.readUInt16BE(2));
      expect(read.size, `seed ${seed}`).toBeLessThanOrEqual(chunk.length);
      for (const bitmap of read.bitmaps) {
        expect(bitmap.data.buffer, `seed ${seed}`).toBe(chunk.buffer);
        expect(bitmap.data.byteOffset, `seed ${seed}`).toBeGreaterThanOrEqual(chunk.byteOffset + 4);
        expect(bitmap.data.byteOffset + bitmap.data.length, `seed ${seed}`).toBeLessThanOrEqual(chunk.byteOffset + read.size);
      }
    }
    expect(readSome).toBeGreaterThan(0);
  });
});

/** What reaches the layer above node-rdpjs's TPKT, in order: packets it handed up and bitmaps taken before it. */
function through(direct: boolean, chunks: readonly Buffer[], connected = true): { seen: string[]; taken: number } {
  const socket = new EventEmitter();
  const layer = new BufferLayer(socket);
  reassemblePacketsWithoutCopying(layer);
  const tpktLayer = new TPKT(layer);
  const seen: string[] = [];
  let taken = 0;
  // A packet handed up is read the way the layers above would read it, so both paths can be compared.
  tpktLayer.on('data', (s: { buffer: Buffer; offset: number }) => {
    const read = readBitmapPacket(s.buffer.subarray(s.offset));
    seen.push(read ? `bitmaps ${JSON.stringify(read.map(comparable))}` : `packet ${s.buffer.subarray(s.offset).toString('hex')}`);
  });
  tpktLayer.on('fastPathData', (_flag: unknown, s: { buffer: Buffer; offset: number }) =>
    seen.push(`fast-path ${s.buffer.subarray(s.offset).toString('hex')}`),
  );
  if (direct) {
    const client = Object.assign(new EventEmitter(), { tpkt: tpktLayer, bufferLayer: layer, sec: {}, connected });
    const batch: RdpjsBitmap[] = [];
    client.on('bitmap', (b: RdpjsBitmap) => batch.push(b));
    readBitmapTpktsDirectly(client);
    const recv = layer.recv.bind(layer);
    // Bitmaps taken directly come a packet at a time: gather each packet's (they are emitted together) as one entry.
    const takeWhole = layer.takeWhole!;
    layer.takeWhole = (chunk) => {
      const size = takeWhole(chunk);
      if (size > 0) {
        taken++;
        seen.push(`bitmaps ${JSON.stringify(batch.splice(0).map(comparable))}`);
      }
      return size;
    };
    for (const chunk of chunks) recv(chunk);
  } else for (const chunk of chunks) socket.emit('data', chunk);
  return { seen, taken };
}

describe('the TPKT path of a connected client', () => {
  const packets: Buffer[] = [];
  for (let i = 0; i < 40; i++) {
    if (i % 7 === 3) packets.push(fastPath());
    else if (i % 5 === 4)
      packets.push(bitmapTpkt(i, 2, 1007)); // not the I/O channel: handed up
    else packets.push(bitmapTpkt(i * 3, 1 + (i % 4)));
  }
  const stream = Buffer.concat(packets);
  const cutInto = (size: number): Buffer[] => {
    const chunks: Buffer[] = [];
    for (let at = 0; at < stream.length; at += size) chunks.push(Buffer.from(stream.subarray(at, at + size)));
    return chunks;
  };

  it('hands the layers above the same packets and bitmaps, in the same order, however TLS cut the stream', () => {
    for (const size of [1, 5, 777, 4096, 16_384, stream.length]) {
      const chunks = cutInto(size);
      const expected = through(false, chunks).seen;
      expect(expected).toHaveLength(40);
      const { seen, taken } = through(true, chunks);
      expect(seen, `chunks of ${size}`).toEqual(expected);
      // Whole packets in a chunk are taken straight off it; split ones go through the layers.
      if (size >= stream.length) expect(taken).toBe(packets.filter((p) => readBitmapTpkt(p)).length);
      if (size <= 5) expect(taken).toBe(0);
    }
  });

  it("takes nothing in the middle of a packet node-rdpjs's TPKT is reading, only once it waits for a header again", () => {
    const socket = new EventEmitter();
    const layer = new BufferLayer(socket);
    reassemblePacketsWithoutCopying(layer);
    const tpktLayer = new TPKT(layer);
    readBitmapTpktsDirectly(Object.assign(new EventEmitter(), { tpkt: tpktLayer, bufferLayer: layer, sec: {}, connected: true }));
    const packet = bitmapTpkt(0, 1);
    const whole = bitmapTpkt(5, 1);
    expect(layer.takeWhole!(whole)).toBe(whole.length);
    // From its second byte on, node-rdpjs has read into the packet (its version byte comes in a pair).
    for (const cut of [2, 3, 4, packet.length - 1]) {
      layer.recv(Buffer.from(packet.subarray(0, cut)));
      expect(layer.takeWhole!(whole), `after ${cut} bytes`).toBe(0);
      layer.recv(Buffer.from(packet.subarray(cut)));
      expect(layer.takeWhole!(whole), `after ${cut} bytes and the rest`).toBe(whole.length);
    }
  });

  it('takes nothing before the connection is up', () => {
    const chunks = cutInto(stream.length);
    expect(through(true, chunks, false)).toEqual({ seen: through(false, chunks).seen, taken: 0 });
  });
});
