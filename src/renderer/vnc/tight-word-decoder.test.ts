import type RFB from '@novnc/novnc';
import { describe, expect, it } from 'vitest';
// noVNC's package exports only its RFB: its Tight decoder, zlib and receive queue are reached by path (tests only).
import TightDecoder from '../../../node_modules/@novnc/novnc/core/decoders/tight.js';
import Deflator from '../../../node_modules/@novnc/novnc/core/deflator.js';
import Websock from '../../../node_modules/@novnc/novnc/core/websock.js';
import { decodeTightInWords, tightWordDecoder, type NoVncTightDecoder } from './tight-word-decoder';

interface Blit {
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: number[];
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A Tight rectangle as Xvnc sends it (RFC 6143 §7.7.6 and TightVNC's rfbproto): its bytes, and where it goes. */
interface TightRect extends Rect {
  bytes: Uint8Array;
}

/** One persistent zlib stream per Tight stream id, each rectangle's data ending with a flush (as Xvnc writes them). */
function zlibStreams(): Array<(data: Uint8Array) => Uint8Array> {
  return [0, 1, 2, 3].map(() => {
    const deflator = new Deflator();
    return (data) => deflator.deflate(data).slice();
  });
}

/** Tight's compact length: 7 bits a byte, low bits first, at most 3 bytes. */
function compactLength(length: number): number[] {
  const bytes = [length & 0x7f];
  if (length > 0x7f) {
    bytes[0]! |= 0x80;
    bytes.push((length >> 7) & 0x7f);
    if (length > 0x3fff) {
      bytes[1]! |= 0x80;
      bytes.push(length >> 14);
    }
  }
  return bytes;
}

/** Deterministic pseudo-random bytes below `n`. */
function numbers(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

function tightRect(
  zlib: Array<(data: Uint8Array) => Uint8Array>,
  rect: Rect & { stream: number } & ({ filter: 'copy' } | { filter: 'palette'; colours: number; indexLimit?: number }),
  seed: number,
): TightRect {
  const random = numbers(seed);
  const head: number[] = [(rect.stream << 4) | 0x40]; // basic compression, explicit filter
  let raw: Uint8Array;
  if (rect.filter === 'copy') {
    head.push(0);
    raw = Uint8Array.from({ length: rect.width * rect.height * 3 }, () => random(256));
  } else {
    head.push(1, rect.colours - 1, ...Array.from({ length: rect.colours * 3 }, () => random(256)));
    if (rect.colours === 2) {
      raw = Uint8Array.from({ length: ((rect.width + 7) >> 3) * rect.height }, () => random(256));
    } else {
      raw = Uint8Array.from({ length: rect.width * rect.height }, () => random(rect.indexLimit ?? rect.colours));
    }
  }
  const compressed = raw.length < 12 ? undefined : zlib[rect.stream]!(raw);
  const body = compressed ? [...compactLength(compressed.length), ...compressed] : [...raw];
  return { ...rect, bytes: Uint8Array.from([...head, ...body]) };
}

/** Decodes `rects` with `decoder`, all their bytes in the receive queue first; answers what it handed the display. */
function decodeAll(decoder: NoVncTightDecoder & { decodeRect(...args: unknown[]): boolean }, rects: readonly TightRect[]): Blit[] {
  const sock = new Websock();
  const channel = {
    binaryType: '',
    protocol: '',
    readyState: 'open',
    onopen: null,
    onmessage: null as ((event: { data: ArrayBuffer }) => void) | null,
    onclose: null,
    onerror: null,
    send: () => undefined,
    close: () => undefined,
  };
  sock.attach(channel);
  sock.on('message', () => undefined);
  const all = new Uint8Array(rects.reduce((n, r) => n + r.bytes.length, 0));
  rects.reduce((at, r) => (all.set(r.bytes, at), at + r.bytes.length), 0);
  channel.onmessage!({ data: all.buffer });
  const blits: Blit[] = [];
  const display = {
    blitImage: (x: number, y: number, width: number, height: number, arr: Uint8Array, offset: number) =>
      blits.push({ x, y, width, height, pixels: [...arr.subarray(offset, offset + width * height * 4)] }),
    fillRect: () => undefined,
  };
  for (const r of rects) expect(decoder.decodeRect(r.x, r.y, r.width, r.height, sock, display, 24)).toBe(true);
  expect(sock.rQlen()).toBe(0);
  return blits;
}

type Decoder = NoVncTightDecoder & { decodeRect(...args: unknown[]): boolean };
const Words = tightWordDecoder(TightDecoder);

/** The same rectangles through noVNC's own decoder and the word decoder. */
function both(specs: Parameters<typeof tightRect>[1][]): { novnc: Blit[]; words: Blit[] } {
  const zlib = zlibStreams();
  const rects: TightRect[] = [];
  for (const [i, spec] of specs.entries()) rects.push(tightRect(zlib, spec, i + 1));
  return {
    novnc: decodeAll(new (TightDecoder as unknown as new () => Decoder)(), rects),
    words: decodeAll(new Words() as Decoder, rects),
  };
}

describe("the VNC tab's Tight decoder", () => {
  it('draws two-colour rectangles (terminal text) as noVNC does, rows not a multiple of 8 pixels wide included', () => {
    const { novnc, words } = both([
      { x: 3, y: 4, width: 13, height: 9, stream: 1, filter: 'palette', colours: 2 },
      { x: 0, y: 0, width: 64, height: 16, stream: 1, filter: 'palette', colours: 2 },
      { x: 5, y: 1, width: 1, height: 3, stream: 1, filter: 'palette', colours: 2 },
    ]);
    expect(words).toEqual(novnc);
    expect(words).toHaveLength(3);
  });

  it('draws palette rectangles as noVNC does, small ones sent without zlib and indexes past the colours sent included', () => {
    const { novnc, words } = both([
      { x: 10, y: 2, width: 37, height: 11, stream: 2, filter: 'palette', colours: 5 },
      { x: 1, y: 1, width: 3, height: 3, stream: 2, filter: 'palette', colours: 3 },
      { x: 0, y: 0, width: 20, height: 20, stream: 2, filter: 'palette', colours: 4, indexLimit: 40 },
      { x: 7, y: 7, width: 40, height: 30, stream: 2, filter: 'palette', colours: 200 },
    ]);
    expect(words).toEqual(novnc);
    expect(words).toHaveLength(4);
  });

  it('draws true-colour rectangles as noVNC does, on several zlib streams, tiny ones sent without zlib', () => {
    const { novnc, words } = both([
      { x: 0, y: 0, width: 20, height: 10, stream: 0, filter: 'copy' },
      { x: 2, y: 3, width: 2, height: 1, stream: 0, filter: 'copy' },
      { x: 4, y: 4, width: 33, height: 17, stream: 3, filter: 'copy' },
      { x: 9, y: 0, width: 5, height: 40, stream: 0, filter: 'copy' },
      { x: 1, y: 2, width: 30, height: 5, stream: 1, filter: 'palette', colours: 2 },
    ]);
    expect(words).toEqual(novnc);
    expect(words).toHaveLength(5);
  });

  it("takes the place of an RFB client's Tight decoder, and leaves a decoder without the members it relies on", () => {
    const rfb = { _decoders: { 7: new (TightDecoder as unknown as new () => Decoder)() } };
    decodeTightInWords(rfb as unknown as RFB);
    expect(rfb._decoders[7]).toBeInstanceOf(Words);
    const other = { _decoders: { 7: { decodeRect: () => true } } };
    const before = other._decoders[7];
    decodeTightInWords(other as unknown as RFB);
    expect(other._decoders[7]).toBe(before);
  });
});
