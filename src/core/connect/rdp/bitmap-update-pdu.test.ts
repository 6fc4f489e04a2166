import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../test/data/rdp/capture-format';
import { readBitmapPacket, readBitmapUpdate, readBitmapUpdatesDirectly } from './bitmap-update-pdu';
import type { RdpjsBitmap } from './rdpjs-client';
import { asRdpjs, bitmapUpdatePdu, comparable, random, x224Packet } from './rdp-packets.test-support';

const require = createRequire(import.meta.url);
type Stream = { buffer: Buffer; offset: number; availableLength(): number };
const { Stream } = require('node-rdpjs-2/lib/core/type.js') as { Stream: new (buffer: Buffer) => Stream };
const { Client } = require('node-rdpjs-2/lib/protocol/pdu/global.js') as {
  Client: new (transport: EventEmitter) => EventEmitter & { recvPDU(s: Stream): void };
};

/** What a node-rdpjs global layer emits for `bytes`, read its own way or with the direct reader. */
function bitmapsRead(bytes: Buffer, direct: boolean): ReturnType<typeof comparable>[] {
  const global = new Client(new EventEmitter());
  const seen: RdpjsBitmap[] = [];
  if (direct) {
    const client = Object.assign(new EventEmitter(), { global });
    client.on('bitmap', (b: RdpjsBitmap) => seen.push(b));
    readBitmapUpdatesDirectly(client);
  } else {
    // node-rdpjs's own path: rdp.js turns each rectangle of the 'bitmap' event into this object.
    global.on('bitmap', (rects: { obj: Record<string, { value: number | Buffer }> }[]) => {
      for (const { obj } of rects) {
        seen.push({
          destTop: obj.destTop!.value as number,
          destLeft: obj.destLeft!.value as number,
          destBottom: obj.destBottom!.value as number,
          destRight: obj.destRight!.value as number,
          width: obj.width!.value as number,
          height: obj.height!.value as number,
          bitsPerPixel: obj.bitsPerPixel!.value as number,
          isCompress: (obj.flags!.value as number) & 0x0001,
          data: obj.bitmapDataStream!.value as Buffer,
        });
      }
    });
  }
  global.recvPDU(new Stream(bytes));
  return seen.map(comparable);
}

describe('bitmap updates read without the generic type layer', () => {
  for (const name of ['scroll-24bpp', 'scroll-16bpp', 'static-24bpp']) {
    it(`${name} (xrdp's bitmaps): emits exactly what node-rdpjs's own reading emits`, () => {
      const bitmaps = readCapture(`${name}.rdpcap`).map(asRdpjs);
      // Several PDUs in one stream, several rectangles in each, as the security layer hands them over.
      const stream = (withCompressionHeader: boolean): Buffer => {
        const pdus: Buffer[] = [];
        for (let i = 0; i < bitmaps.length; i += 9) pdus.push(bitmapUpdatePdu(bitmaps.slice(i, i + 9), withCompressionHeader));
        return Buffer.concat(pdus);
      };
      const direct = bitmapsRead(stream(false), true);
      expect(direct).toHaveLength(bitmaps.length);
      expect(direct).toEqual(bitmapsRead(stream(false), false));
      expect(direct).toEqual(bitmaps.map(comparable));
      // With TS_CD_HEADERs (which node-rdpjs cannot read: the client asks for none, and xrdp sends none).
      expect(bitmapsRead(stream(true), true)).toEqual(bitmaps.map(comparable));
    }, 30_000);
  }

  it('leaves other PDUs, and updates that do not add up, to node-rdpjs', () => {
    const [bitmap] = readCapture('scroll-24bpp.rdpcap').map(asRdpjs);
    const pdu = bitmapUpdatePdu([bitmap!]);
    expect(readBitmapUpdate(pdu, 0)?.bitmaps).toHaveLength(1);
    const cut = pdu.subarray(0, pdu.length - 1);
    expect(readBitmapUpdate(cut, 0)).toBeUndefined();
    const lying = Buffer.from(pdu);
    lying.writeUInt16LE(bitmap!.data.length + 1, 6 + 12 + 4 + 16); // bitmapLength past the PDU's end
    expect(readBitmapUpdate(lying, 0)).toBeUndefined();
    const compressed = Buffer.from(pdu);
    compressed[6 + 9] = 0x20; // PACKET_COMPRESSED: bulk compression, not negotiated
    expect(readBitmapUpdate(compressed, 0)).toBeUndefined();
    const synchronize = Buffer.from(pdu);
    synchronize.writeUInt16LE(0x0003, 6 + 12); // UPDATETYPE_SYNCHRONIZE
    expect(readBitmapUpdate(synchronize, 0)).toBeUndefined();
  });
});

describe("packets of bitmap updates read below node-rdpjs's X.224, MCS and security layers", () => {
  const bitmaps = readCapture('scroll-24bpp.rdpcap').map(asRdpjs);
  const pdus = (from: number, count: number): Buffer =>
    Buffer.concat([bitmapUpdatePdu(bitmaps.slice(from, from + count)), bitmapUpdatePdu(bitmaps.slice(from + count, from + 2 * count))]);

  it('gives the bitmaps node-rdpjs reads from the same updates, short and long PER lengths alike', () => {
    const short = bitmapUpdatePdu(bitmaps.slice(0, 1));
    expect(short.length).toBeLessThan(0x80);
    expect(readBitmapPacket(x224Packet(short))!.map(comparable)).toEqual(bitmapsRead(short, false));
    const long = pdus(10, 6);
    expect(long.length).toBeGreaterThan(0x80);
    const read = readBitmapPacket(x224Packet(long))!.map(comparable);
    expect(read).toHaveLength(12);
    expect(read).toEqual(bitmapsRead(long, false));
  });

  it('leaves every other packet whole to node-rdpjs: another channel, another MCS PDU, another share PDU, lengths that do not add up', () => {
    const body = pdus(0, 3);
    const packet = x224Packet(body);
    expect(readBitmapPacket(packet)).toHaveLength(6);
    expect(readBitmapPacket(x224Packet(body, 1007))).toBeUndefined(); // the user channel
    const disconnect = Buffer.from(packet);
    disconnect[3] = 8 << 2; // DisconnectProviderUltimatum
    expect(readBitmapPacket(disconnect)).toBeUndefined();
    const synchronize = Buffer.from(packet);
    synchronize.writeUInt16LE(0x0003, 11 + 6 + 12); // the first update is UPDATETYPE_SYNCHRONIZE
    expect(readBitmapPacket(synchronize)).toBeUndefined();
    expect(readBitmapPacket(packet.subarray(0, packet.length - 1))).toBeUndefined();
    expect(readBitmapPacket(Buffer.concat([packet, Buffer.from([0])]))).toBeUndefined();
  });

  it('never throws nor reads past a packet, whatever a server sends', () => {
    const valid = x224Packet(pdus(20, 4));
    let readSome = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const packet = Buffer.from(valid.subarray(0, 1 + Math.floor(next() * valid.length)));
      const flips = Math.floor(next() * 6);
      for (let i = 0; i < flips; i++) packet[Math.floor(next() * Math.min(packet.length, 80))] = Math.floor(next() * 256);
      const read = readBitmapPacket(packet);
      if (read) readSome++;
      for (const bitmap of read ?? []) {
        expect(bitmap.data.buffer, `seed ${seed}`).toBe(packet.buffer);
        expect(bitmap.data.byteOffset + bitmap.data.length, `seed ${seed}`).toBeLessThanOrEqual(packet.byteOffset + packet.length);
      }
    }
    // Some damaged packets still add up (a changed coordinate, say): those were read, within bounds.
    expect(readSome).toBeGreaterThan(0);
  });

  it("once connected, the client emits the packet's bitmaps itself; before, and for other packets, node-rdpjs's layers read it", () => {
    const handedOn: Buffer[] = [];
    const x224 = { recvData: (s: { buffer: Buffer; offset: number }) => void handedOn.push(s.buffer) };
    const client = Object.assign(new EventEmitter(), { global: new Client(new EventEmitter()), x224, sec: {}, connected: false });
    const seen: RdpjsBitmap[] = [];
    client.on('bitmap', (b: RdpjsBitmap) => seen.push(b));
    readBitmapUpdatesDirectly(client);
    const packet = x224Packet(pdus(0, 2));
    client.x224.recvData({ buffer: packet, offset: 0 });
    expect([handedOn.length, seen.length]).toEqual([1, 0]);
    client.connected = true;
    client.x224.recvData({ buffer: packet, offset: 0 });
    expect([handedOn.length, seen.length]).toEqual([1, 4]);
    client.x224.recvData({ buffer: x224Packet(pdus(0, 2), 1007), offset: 0 });
    expect([handedOn.length, seen.length]).toEqual([2, 4]);
  });
});
