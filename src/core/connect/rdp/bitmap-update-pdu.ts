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

// ITU-T X.224 data TPDU header (LI 2, DT, EOT); T.125 SendDataIndication (DomainMCSPDU 26, in the
// top six bits of its first byte) on the I/O channel, whose id MS-RDPBCGR 2.2.1.4.3 fixes at 1003.
const X224_DATA_HEADER = [0x02, 0xf0, 0x80] as const;
const MCS_SEND_DATA_INDICATION = 26;
const MCS_IO_CHANNEL = 1003;

/**
 * Reads one X.224 packet (a TPKT's body) if it is nothing but slow-path bitmap updates on the I/O
 * channel — X.224, MCS and the share headers read in place, as node-rdpjs-2's layers would, with
 * no security header (TLS: MS-RDPBCGR 5.4.4) — and gives its bitmaps; undefined for any other
 * packet, or one that does not add up, which is left whole to node-rdpjs. Never reads past the
 * packet: a server's lengths are checked, not trusted.
 */
export function readBitmapPacket(packet: Buffer): RdpjsBitmap[] | undefined {
  const end = packet.length;
  if (end < 11) return undefined;
  if (packet[0] !== X224_DATA_HEADER[0] || packet[1] !== X224_DATA_HEADER[1] || packet[2] !== X224_DATA_HEADER[2]) return undefined;
  if (packet[3]! >> 2 !== MCS_SEND_DATA_INDICATION) return undefined;
  // initiator (2 bytes), channel id, data priority and segmentation (1 byte), then a PER length.
  if (packet.readUInt16BE(6) !== MCS_IO_CHANNEL) return undefined;
  let p = 9;
  let length = packet[p++]!;
  if (length & 0x80) length = ((length & 0x7f) << 8) | packet[p++]!;
  if (p + length !== end) return undefined;
  let bitmaps: RdpjsBitmap[] | undefined;
  while (p < end) {
    const update = readBitmapUpdate(packet, p);
    if (!update) return undefined;
    if (bitmaps) for (const bitmap of update.bitmaps) bitmaps.push(bitmap);
    else bitmaps = update.bitmaps;
    p = update.end;
  }
  return bitmaps;
}

// RFC 1006 §6 (TPKT): version 3, a reserved byte, then the packet's length, header included, big-endian.
const TPKT_VERSION = 3;
const TPKT_HEADER_BYTES = 4;

/** A TPKT read whole off the front of a chunk: its bitmaps and the bytes it took. */
export interface BitmapTpkt {
  readonly bitmaps: RdpjsBitmap[];
  readonly size: number;
}

/**
 * Reads the TPKT at the start of `chunk` (what TLS handed over, from a packet boundary) when the
 * chunk holds it whole and it is nothing but bitmap updates (readBitmapPacket); undefined
 * otherwise — a fast-path or other packet, one cut across chunks — and it is left to node-rdpjs.
 * Never reads past the TPKT's own length nor the chunk.
 */
export function readBitmapTpkt(chunk: Buffer): BitmapTpkt | undefined {
  if (chunk.length < TPKT_HEADER_BYTES || chunk[0] !== TPKT_VERSION) return undefined;
  const size = chunk.readUInt16BE(2);
  if (size < TPKT_HEADER_BYTES || size > chunk.length) return undefined;
  const bitmaps = readBitmapPacket(chunk.subarray(TPKT_HEADER_BYTES, size));
  return bitmaps && { bitmaps, size };
}

/** node-rdpjs-2's X.224 layer, as far as handing a packet's data up goes. */
interface RdpjsX224 {
  recvData(this: RdpjsX224, s: { buffer: Buffer; offset: number }): void;
}

/** node-rdpjs-2's global layer, as far as reading PDUs goes. */
interface RdpjsGlobal {
  recvPDU(this: RdpjsGlobal, s: { buffer: Buffer; offset: number; availableLength(): number }): void;
}

/**
 * Has the client read bitmap updates with readBitmapUpdate and emit their bitmaps itself, as its
 * own 'bitmap' event would; every other PDU goes through node-rdpjs as before. Once connected, a
 * packet of nothing but bitmap updates skips node-rdpjs's X.224, MCS and security layers too
 * (readBitmapPacket): each read every header through its generic type layer, a few objects a field.
 */
export function readBitmapUpdatesDirectly(client: {
  global: RdpjsGlobal;
  x224?: RdpjsX224;
  sec?: { enableEncryption?: boolean };
  connected?: boolean;
  emit(event: 'bitmap', bitmap: RdpjsBitmap): boolean;
}): void {
  const x224 = client.x224;
  if (x224) {
    const recvData = x224.recvData;
    x224.recvData = function (s) {
      // Before the connection is up (licensing, capabilities) and with RDP's own encryption, the layers decide.
      const bitmaps = client.connected && !client.sec?.enableEncryption && s.offset === 0 ? readBitmapPacket(s.buffer) : undefined;
      if (!bitmaps) {
        recvData.call(this, s);
        return;
      }
      for (const bitmap of bitmaps) client.emit('bitmap', bitmap);
    };
  }
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
