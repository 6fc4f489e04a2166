import type RFB from '@novnc/novnc';
import { skipUnreadChecksum, type NoVncInflator } from './unchecked-inflator';

/** The receive queue of noVNC's Websock (core/websock.js, 1.7), as the Tight decoder reads it. */
interface ReceiveQueue {
  rQwait(what: string, bytes: number): boolean;
  rQshiftBytes(bytes: number, copy?: boolean): Uint8Array;
}

interface Inflator {
  setInput(data: Uint8Array | null): void;
  inflate(expected: number): Uint8Array;
}

/** Where the decoder puts its pixels: noVNC's Display, or the page's framebuffer display. */
interface BlitTarget {
  blitImage(x: number, y: number, width: number, height: number, arr: Uint8Array, offset: number, fromQueue?: boolean): void;
}

/** The members of noVNC's TightDecoder (core/decoders/tight.js, 1.7) this file reads or overrides. */
export interface NoVncTightDecoder {
  _numColors: number;
  readonly _zlibs: Inflator[];
  _readData(sock: ReceiveQueue): Uint8Array | null;
  _copyFilter(
    streamId: number,
    x: number,
    y: number,
    width: number,
    height: number,
    sock: ReceiveQueue,
    display: BlitTarget,
    depth: number,
  ): boolean;
  _monoRect(x: number, y: number, width: number, height: number, data: Uint8Array, palette: Uint8Array, display: BlitTarget): void;
  _paletteRect(x: number, y: number, width: number, height: number, data: Uint8Array, palette: Uint8Array, display: BlitTarget): void;
}

export type TightDecoderConstructor = new () => NoVncTightDecoder;

/** RFC 6143 §7.7.6 (TightVNC's extension): encoding number 7. */
const TIGHT = 7;
/** Tight sends data shorter than this as it is, without zlib. */
const MIN_COMPRESSED = 12;
/** A palette rectangle names at most 256 colours (one byte each). */
const PALETTE_ENTRIES = 256;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Opaque RGBA as the 32-bit word that holds it in memory, whatever the machine's byte order —
 * signed, and kept in Int32Arrays: with alpha 255 on a little-endian machine every pixel is a
 * small negative integer, which V8 keeps as a small integer (a Uint32 above 2^30 becomes a heap number outside optimized code).
 */
const rgbaWord = LITTLE_ENDIAN
  ? (red: number, green: number, blue: number): number => 0xff000000 | (blue << 16) | (green << 8) | red
  : (red: number, green: number, blue: number): number => (red << 24) | (green << 16) | (blue << 8) | 0xff;

const subclasses = new WeakMap<TightDecoderConstructor, TightDecoderConstructor>();

/**
 * noVNC's Tight decoder writing whole RGBA pixels as 32-bit words into one scratch buffer it keeps,
 * instead of four byte stores per pixel into a scratch (palette rectangles: a remote terminal's
 * text) or into a new array per rectangle (true-colour rectangles). Why: the page spent more on
 * those loops and allocations than on anything else of its own but zlib. Its zlib streams skip
 * the checksum nobody reads (unchecked-inflator.ts). What is read from the stream, and the pixels
 * handed to the display, are noVNC's own.
 */
export function tightWordDecoder(Base: TightDecoderConstructor): TightDecoderConstructor {
  const known = subclasses.get(Base);
  if (known) return known;
  class TightWordDecoder extends Base {
    private scratch = new Uint8Array(0);
    private scratchWords = new Int32Array(0);
    private readonly colours = new Int32Array(PALETTE_ENTRIES);

    constructor() {
      super();
      for (const zlib of this._zlibs) skipUnreadChecksum(zlib as unknown as NoVncInflator);
    }

    override _copyFilter(
      streamId: number,
      x: number,
      y: number,
      width: number,
      height: number,
      sock: ReceiveQueue,
      display: BlitTarget,
    ): boolean {
      const pixels = width * height;
      const size = pixels * 3;
      if (size === 0) return true;
      let data: Uint8Array;
      if (size < MIN_COMPRESSED) {
        if (sock.rQwait('TIGHT', size)) return false;
        data = sock.rQshiftBytes(size);
      } else {
        const compressed = this._readData(sock);
        if (compressed === null) return false;
        const zlib = this._zlibs[streamId]!;
        zlib.setInput(compressed);
        data = zlib.inflate(size);
        zlib.setInput(null);
      }
      const words = this.words(pixels);
      for (let i = 0, j = 0; i < pixels; i++, j += 3) words[i] = rgbaWord(data[j]!, data[j + 1]!, data[j + 2]!);
      display.blitImage(x, y, width, height, this.scratch, 0, false);
      return true;
    }

    override _monoRect(
      x: number,
      y: number,
      width: number,
      height: number,
      data: Uint8Array,
      palette: Uint8Array,
      display: BlitTarget,
    ): void {
      const colours = this.paletteWords(palette);
      const background = colours[0]!;
      const foreground = colours[1]!;
      const words = this.words(width * height);
      const rowBytes = (width + 7) >> 3;
      for (let row = 0, at = 0; row < height; row++) {
        const bits = row * rowBytes;
        for (let column = 0; column < width; column++, at++) {
          words[at] = (data[bits + (column >> 3)]! >> (7 - (column & 7))) & 1 ? foreground : background;
        }
      }
      display.blitImage(x, y, width, height, this.scratch, 0, false);
    }

    override _paletteRect(
      x: number,
      y: number,
      width: number,
      height: number,
      data: Uint8Array,
      palette: Uint8Array,
      display: BlitTarget,
    ): void {
      const colours = this.paletteWords(palette);
      const pixels = width * height;
      const words = this.words(pixels);
      for (let i = 0; i < pixels; i++) words[i] = colours[data[i]!]!;
      display.blitImage(x, y, width, height, this.scratch, 0, false);
    }

    /** All 256 entries, as noVNC reads them: an index past the rectangle's colours reads what the palette buffer holds there. */
    private paletteWords(palette: Uint8Array): Int32Array {
      const colours = this.colours;
      for (let i = 0, j = 0; i < PALETTE_ENTRIES; i++, j += 3)
        colours[i] = rgbaWord(palette[j] ?? 0, palette[j + 1] ?? 0, palette[j + 2] ?? 0);
      return colours;
    }

    /** The scratch buffer as words, at least `pixels` long (it only grows). */
    private words(pixels: number): Int32Array {
      if (this.scratchWords.length < pixels) {
        this.scratch = new Uint8Array(pixels * 4);
        this.scratchWords = new Int32Array(this.scratch.buffer);
      }
      return this.scratchWords;
    }
  }
  subclasses.set(Base, TightWordDecoder);
  return TightWordDecoder;
}

/**
 * Has `rfb` decode Tight rectangles with the decoder above from now on; call it right after
 * `new RFB`, before any server bytes. A noVNC without the members this relies on keeps its own.
 */
export function decodeTightInWords(rfb: RFB): void {
  const decoders = (rfb as unknown as { _decoders?: Record<number, NoVncTightDecoder | undefined> })._decoders;
  const current = decoders?.[TIGHT];
  if (!decoders || !current) return;
  if (!['_copyFilter', '_monoRect', '_paletteRect', '_readData', '_zlibs'].every((member) => member in current)) return;
  const Decoder = tightWordDecoder(current.constructor as TightDecoderConstructor);
  decoders[TIGHT] = new Decoder();
}
