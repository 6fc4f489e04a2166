import type { RdpjsBitmap } from './rdpjs-client';

// MS-RDPBCGR 2.2.8.1.1.1.1 (share control header), 2.2.8.1.1.1.2 (share data header),
// 2.2.9.1.1.3.1.2 (TS_UPDATE_BITMAP_DATA), 2.2.9.1.1.3.1.2.2 (TS_BITMAP_DATA).
const PDUTYPE_DATAPDU = 0x7;
const PDUTYPE2_UPDATE = 0x02;
const UPDATETYPE_BITMAP = 0x0001;
const PACKET_COMPRESSED = 0x20;
const BITMAP_COMPRESSION = 0x0001;
const NO_BITMAP_COMPRESSION_HDR = 0x0400;
const SHARE_CONTROL_HEADER_BYTES = 6;
const SHARE_DATA_HEADER_BYTES = 12;
const BITMAP_DATA_HEADER_BYTES = 18;
const COMPRESSED_DATA_HEADER_BYTES = 8;

/** One slow-path PDU read as a bitmap update: its bitmaps and where the next PDU starts. */
export interface BitmapUpdate {
  readonly bitmaps: RdpjsBitmap[];
  readonly end: number;
}

/**
 * Reads the slow-path PDU at `offset` if it is a bitmap update (what xrdp sends for every screen
 * change), with plain reads instead of node-rdpjs-2's generic type layer, which built a few
 * objects per field and cost more CPU than decoding the pixels. Anything else — another PDU, a
 * bulk-compressed one, one that does not add up — gives undefined and is left to node-rdpjs.
 * The bitmaps are what node-rdpjs's own reading gives: `data` is a view into `buffer`.
 */
export function readBitmapUpdate(buffer: Buffer, offset: number): BitmapUpdate | undefined {
  const available = buffer.length - offset;
  if (available < SHARE_CONTROL_HEADER_BYTES + SHARE_DATA_HEADER_BYTES + 4) return undefined;
  const totalLength = buffer.readUInt16LE(offset);
  const pduType = buffer.readUInt16LE(offset + 2);
  if ((pduType & 0xf) !== PDUTYPE_DATAPDU || totalLength > available) return undefined;
  const end = offset + totalLength;
  const data = offset + SHARE_CONTROL_HEADER_BYTES;
  const pduType2 = buffer[data + 8]!;
  const compressedType = buffer[data + 9]!;
  if (pduType2 !== PDUTYPE2_UPDATE || (compressedType & PACKET_COMPRESSED) !== 0) return undefined;
  let p = data + SHARE_DATA_HEADER_BYTES;
  if (p + 4 > end || buffer.readUInt16LE(p) !== UPDATETYPE_BITMAP) return undefined;
  const count = buffer.readUInt16LE(p + 2);
  p += 4;
  const bitmaps: RdpjsBitmap[] = [];
  for (let i = 0; i < count; i++) {
    if (p + BITMAP_DATA_HEADER_BYTES > end) return undefined;
    const flags = buffer.readUInt16LE(p + 14);
    let length = buffer.readUInt16LE(p + 16);
    let at = p + BITMAP_DATA_HEADER_BYTES;
    const isCompress = flags & BITMAP_COMPRESSION;
    if (isCompress && !(flags & NO_BITMAP_COMPRESSION_HDR)) {
      // TS_CD_HEADER: cbCompFirstRowSize (0), cbCompMainBodySize, cbScanWidth, cbUncompressedSize.
      if (at + COMPRESSED_DATA_HEADER_BYTES > end) return undefined;
      length = buffer.readUInt16LE(at + 2);
      at += COMPRESSED_DATA_HEADER_BYTES;
    }
    if (at + length > end) return undefined;
    bitmaps.push({
      destLeft: buffer.readUInt16LE(p),
      destTop: buffer.readUInt16LE(p + 2),
      destRight: buffer.readUInt16LE(p + 4),
      destBottom: buffer.readUInt16LE(p + 6),
      width: buffer.readUInt16LE(p + 8),
      height: buffer.readUInt16LE(p + 10),
      bitsPerPixel: buffer.readUInt16LE(p + 12),
      isCompress,
      data: buffer.subarray(at, at + length),
    });
    p = at + length;
  }
  return { bitmaps, end };
}

/** node-rdpjs-2's global layer, as far as reading PDUs goes. */
interface RdpjsGlobal {
  recvPDU(this: RdpjsGlobal, s: { buffer: Buffer; offset: number; availableLength(): number }): void;
}

/**
 * Has the client read bitmap updates with readBitmapUpdate and emit their bitmaps itself, as its
 * own 'bitmap' event would; every other PDU goes through node-rdpjs as before.
 */
export function readBitmapUpdatesDirectly(client: { global: RdpjsGlobal; emit(event: 'bitmap', bitmap: RdpjsBitmap): boolean }): void {
  const global = client.global;
  const generic = global.recvPDU;
  global.recvPDU = function (s) {
    while (s.availableLength() > 0) {
      const update = readBitmapUpdate(s.buffer, s.offset);
      if (!update) {
        generic.call(this, s);
        return;
      }
      s.offset = update.end;
      for (const bitmap of update.bitmaps) client.emit('bitmap', bitmap);
    }
  };
}
