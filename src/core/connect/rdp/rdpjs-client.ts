import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { readBitmapUpdatesDirectly } from './bitmap-update-pdu';
import { reassemblePacketsWithoutCopying, type RdpjsBufferLayer } from './packet-reassembly';
import { readBitmapTpktsDirectly } from './tpkt-bitmap-path';

/**
 * The typed surface of node-rdpjs-2 as patched by patches/node-rdpjs-2+0.3.5.patch: the
 * `onSecure` hook and `colorDepth` option come from that patch.
 */
export interface RdpjsConfig {
  userName: string;
  password: string;
  domain?: string;
  autoLogin: boolean;
  decompress: false;
  screen: { width: number; height: number };
  colorDepth: 16 | 24;
  locale?: 'en' | 'fr';
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Called right after the TLS handshake, before the MCS connect and the client info PDU (the
   * credentials); resolve true to go on, anything else ends the connection.
   */
  onSecure?: (certificate: PeerCertificate) => boolean | Promise<boolean>;
}

/** A bitmap event: fields of TS_BITMAP_DATA (MS-RDPBCGR 2.2.9.1.1.3.1.2.2). */
export interface RdpjsBitmap {
  destTop: number;
  destLeft: number;
  destBottom: number;
  destRight: number;
  width: number;
  height: number;
  bitsPerPixel: number;
  isCompress: number | boolean;
  data: Buffer;
}

export interface RdpjsError extends Error {
  code?: string;
}

export interface RdpjsClient {
  connect(host: string, port: number): RdpjsClient;
  close(): RdpjsClient;
  on(event: 'connect' | 'session' | 'close', listener: () => void): RdpjsClient;
  on(event: 'bitmap', listener: (bitmap: RdpjsBitmap) => void): RdpjsClient;
  on(event: 'error', listener: (error: RdpjsError) => void): RdpjsClient;
  removeAllListeners(): RdpjsClient;
  sendPointerEvent(x: number, y: number, button: number, isPressed: boolean): void;
  sendWheelEvent(x: number, y: number, step: number, isNegative: boolean, isHorizontal: boolean): void;
  sendKeyEventScancode(code: number, isPressed: boolean, extended?: boolean): void;
  sendKeyEventUnicode(code: number, isPressed: boolean): void;
  /** The TCP socket, for connection-level errors and destroy(). */
  readonly bufferLayer: { socket: Socket; secureSocket: TLSSocket | null };
  connected: boolean;
}

const require = createRequire(import.meta.url);

/** Thrown when node_modules holds node-rdpjs-2 without our patch (its postinstall did not run). */
export class RdpjsNotPatched extends Error {
  override readonly name = 'RdpjsNotPatched';
  constructor() {
    super('node-rdpjs-2 is installed without patches/node-rdpjs-2+0.3.5.patch (no certificate hook): run `npx patch-package`.');
  }
}

export function createRdpjsClient(config: RdpjsConfig): RdpjsClient {
  const rdpjs = require('node-rdpjs-2') as { createClient(config: RdpjsConfig): RdpjsClient };
  const client = rdpjs.createClient(config);
  // Unpatched, `onSecure` would be ignored and the password sent to any certificate.
  const x224 = (client as unknown as { x224?: { verifyPeer?: unknown } }).x224;
  if (typeof x224?.verifyPeer !== 'function') throw new RdpjsNotPatched();
  readBitmapUpdatesDirectly(client as unknown as Parameters<typeof readBitmapUpdatesDirectly>[0]);
  reassemblePacketsWithoutCopying(client.bufferLayer as unknown as RdpjsBufferLayer);
  readBitmapTpktsDirectly(client as unknown as Parameters<typeof readBitmapTpktsDirectly>[0]);
  return client;
}
