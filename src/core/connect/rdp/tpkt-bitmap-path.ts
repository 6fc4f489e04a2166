import { readBitmapTpkt } from './bitmap-update-pdu';
import type { RdpjsBufferLayer } from './packet-reassembly';
import type { RdpjsBitmap } from './rdpjs-client';

/** node-rdpjs-2's TPKT layer, as far as knowing where a packet starts goes. */
interface RdpjsTpkt {
  recvHeader(this: RdpjsTpkt, s: unknown): void;
  recvData(this: RdpjsTpkt, s: unknown): void;
  recvFastPath(this: RdpjsTpkt, secFlag: unknown, s: unknown): void;
}

/**
 * Once connected, has a TPKT of nothing but bitmap updates read straight off the chunk TLS handed
 * over (readBitmapTpkt) and its bitmaps emitted, as the client's own 'bitmap' event would. Through
 * node-rdpjs-2's layers each packet took three turns of the buffer layer (version, length, body),
 * each a stream object, a one-off listener and a few type objects, before the packet reader saw
 * it. Only at a packet boundary — node-rdpjs's TPKT waiting for a header — and only for packets a
 * chunk holds whole; anything else goes through the layers as before, which therefore never see
 * the packets taken here and stay waiting for the next header.
 */
export function readBitmapTpktsDirectly(client: {
  tpkt: RdpjsTpkt;
  bufferLayer: RdpjsBufferLayer;
  sec?: { enableEncryption?: boolean };
  connected?: boolean;
  emit(event: 'bitmap', bitmap: RdpjsBitmap): boolean;
}): void {
  const { tpkt, bufferLayer } = client;
  // The TPKT layer starts waiting for a header, reads one, and goes back to waiting after each packet.
  let atHeader = true;
  const { recvHeader, recvData, recvFastPath } = tpkt;
  tpkt.recvHeader = function (s) {
    atHeader = false;
    recvHeader.call(this, s);
  };
  tpkt.recvData = function (s) {
    recvData.call(this, s);
    atHeader = true;
  };
  tpkt.recvFastPath = function (secFlag, s) {
    recvFastPath.call(this, secFlag, s);
    atHeader = true;
  };
  bufferLayer.takeWhole = (chunk) => {
    // Before the connection is up (licensing, capabilities) and with RDP's own encryption, the layers decide.
    if (!atHeader || !client.connected || client.sec?.enableEncryption) return 0;
    const packet = readBitmapTpkt(chunk);
    if (!packet) return 0;
    for (const bitmap of packet.bitmaps) client.emit('bitmap', bitmap);
    return packet.size;
  };
}
