import type { readCapture } from '../../../../test/data/rdp/capture-format';
import type { RdpjsBitmap } from './rdpjs-client';

/** Packets as xrdp sends them, built for the tests of the readers that take them apart. */

export const u16 = (...values: number[]): Buffer => {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => out.writeUInt16LE(v, i * 2));
  return out;
};

/** A slow-path bitmap update PDU as xrdp sends it (MS-RDPBCGR 2.2.9.1.1.3), with optional TS_CD_HEADERs. */
export function bitmapUpdatePdu(bitmaps: readonly RdpjsBitmap[], withCompressionHeader = false): Buffer {
  const rects = bitmaps.map((b) => {
    const header = withCompressionHeader && b.isCompress;
    const flags = (b.isCompress ? 0x0001 : 0) | (b.isCompress && !header ? 0x0400 : 0);
    const cd = header ? u16(0, b.data.length, b.width * 3, b.width * b.height * 3) : Buffer.alloc(0);
    return Buffer.concat([
      u16(b.destLeft, b.destTop, b.destRight, b.destBottom, b.width, b.height, b.bitsPerPixel, flags, cd.length + b.data.length),
      cd,
      b.data,
    ]);
  });
  const update = Buffer.concat([u16(0x0001, bitmaps.length), ...rects]);
  const shareData = Buffer.alloc(12);
  shareData.writeUInt32LE(0x103ea, 0);
  shareData[5] = 1; // STREAM_LOW
  shareData.writeUInt16LE(update.length + 4, 6);
  shareData[8] = 0x02; // PDUTYPE2_UPDATE
  const total = 6 + shareData.length + update.length;
  return Buffer.concat([u16(total, 0x0017, 1002), shareData, update]);
}

/** An X.224 data packet (a TPKT's body) carrying `pdus` on MCS channel `channel`, as xrdp sends it (ITU-T X.224, T.125 PER). */
export function x224Packet(pdus: Buffer, channel = 1003): Buffer {
  const length = pdus.length < 0x80 ? Buffer.from([pdus.length]) : Buffer.from([0x80 | (pdus.length >> 8), pdus.length & 0xff]);
  const mcs = Buffer.alloc(6);
  mcs[0] = 26 << 2; // SendDataIndication
  mcs.writeUInt16BE(1002 - 1001, 1); // initiator, above MCS_USERCHANNEL_BASE
  mcs.writeUInt16BE(channel, 3);
  mcs[5] = 0x70; // dataPriority high, segmentation begin|end
  return Buffer.concat([Buffer.from([0x02, 0xf0, 0x80]), mcs, length, pdus]);
}

/** A TPKT (RFC 1006 §6) around an X.224 packet. */
export function tpkt(x224: Buffer): Buffer {
  const header = Buffer.from([3, 0, 0, 0]);
  header.writeUInt16BE(x224.length + 4, 2);
  return Buffer.concat([header, x224]);
}

/** A bitmap as plain fields, its data as base64 (compared far faster than Buffers). */
export const comparable = (b: RdpjsBitmap) => ({ ...b, data: Buffer.from(b.data).toString('base64') });

export const asRdpjs = (b: ReturnType<typeof readCapture>[number]): RdpjsBitmap => ({
  destLeft: b.destLeft,
  destTop: b.destTop,
  destRight: b.destRight,
  destBottom: b.destBottom,
  width: b.width,
  height: b.height,
  bitsPerPixel: b.bitsPerPixel,
  isCompress: b.isCompress ? 1 : 0,
  data: Buffer.from(b.data),
});

/** A small deterministic generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
