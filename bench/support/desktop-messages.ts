import { FRAME_MAGIC, FrameFormatError, FrameReader } from '../../src/shared/rdp/desktop-frame';
import { DesktopFramebuffer } from '../../src/shared/rdp/desktop-framebuffer';

/**
 * The desktop messages our page was sent in a scene, kept and applied again outside it: what
 * the page's own work on them (decoding the compressed bitmaps in place, copying the RGBA ones,
 * keeping the damage) costs, which a floor page that only receives and paints does not do.
 *
 * In the page: KEEP_SOCKETS runs before the app loads (Playwright's addInitScript) and keeps every
 * WebSocket the page opens, at no cost per message; START_RECORDING then keeps each binary message
 * any of them delivers, after the app has drawn it (the app's handler came first); TAKE_RECORDING
 * stops, keeps them in the page, and answers them all as one base64 string: per message a u32
 * length (little-endian), then its bytes.
 */
export const KEEP_SOCKETS = `(() => {
  const Native = globalThis.WebSocket;
  const sockets = (globalThis.__labBenchSockets = []);
  globalThis.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
  };
})()`;

/** Answers how many sockets it listens to. */
export const START_RECORDING = `(() => {
  const recording = (globalThis.__labBenchRecording = []);
  for (const socket of globalThis.__labBenchSockets ?? []) {
    socket.addEventListener('message', (event) => {
      if (globalThis.__labBenchRecording === recording && event.data instanceof ArrayBuffer) recording.push(event.data);
    });
  }
  return (globalThis.__labBenchSockets ?? []).length;
})()`;

export const TAKE_RECORDING = `(() => {
  const messages = globalThis.__labBenchRecording ?? [];
  globalThis.__labBenchRecording = undefined;
  // Kept as they came, for applying them again in this page (framebuffer-in-page.ts).
  globalThis.__labBenchRecorded = messages;
  const out = new Uint8Array(messages.reduce((sum, m) => sum + 4 + m.byteLength, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const m of messages) {
    view.setUint32(offset, m.byteLength, true);
    out.set(new Uint8Array(m), offset + 4);
    offset += 4 + m.byteLength;
  }
  let text = '';
  for (let i = 0; i < out.length; i += 0x8000) text += String.fromCharCode.apply(null, out.subarray(i, i + 0x8000));
  return btoa(text);
})()`;

/** TAKE_RECORDING's answer as the messages it holds, in the order the page got them. */
export function unpackRecording(base64: string): Uint8Array[] {
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length;) {
    if (offset + 4 > bytes.length) throw new Error(`recording cut at byte ${offset}`);
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > bytes.length) throw new Error(`recording cut in the message at byte ${offset}`);
    messages.push(bytes.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return messages;
}

/** What the messages hold, to show they are the scene's: desktop messages only, their bitmaps by kind. */
export interface MessagesContent {
  /** Messages that are desktop frames (desktop-frame.ts); others were not the desktop's. */
  readonly frames: number;
  readonly others: number;
  readonly bytes: number;
  /** Compressed (interleaved-RLE) bitmaps per bits per pixel, e.g. { 24: 1234 }. */
  readonly compressedByBpp: Readonly<Record<number, number>>;
  /** Pixels drawn from compressed bitmaps, and RGBA rectangles sent decoded (by serve). */
  readonly compressedPixels: number;
  readonly rgbaRects: number;
}

function isFrame(message: Uint8Array): boolean {
  return message.length >= 4 && new DataView(message.buffer, message.byteOffset, 4).getUint32(0, true) === FRAME_MAGIC;
}

/** The desktop frames among `messages`: the page's socket carries nothing else in binary, but a test or a stray socket might. */
export function desktopFrames(messages: readonly Uint8Array[]): Uint8Array[] {
  return messages.filter(isFrame);
}

export function messagesContent(messages: readonly Uint8Array[]): MessagesContent {
  const reader = new FrameReader();
  const compressedByBpp: Record<number, number> = {};
  let frames = 0;
  let bytes = 0;
  let compressedPixels = 0;
  let rgbaRects = 0;
  for (const message of desktopFrames(messages)) {
    frames++;
    bytes += message.byteLength;
    reader.read(message);
    while (reader.next()) {
      if (reader.isCompressed) {
        compressedByBpp[reader.bitsPerPixel] = (compressedByBpp[reader.bitsPerPixel] ?? 0) + 1;
        compressedPixels += reader.width * reader.height;
      } else rgbaRects++;
    }
  }
  return { frames, others: messages.length - frames, bytes, compressedByBpp, compressedPixels, rgbaRects };
}

/**
 * Applies the desktop frames to `framebuffer` as the page's canvas sink does — `applyMessage`, a
 * broken one skipped — and takes the damage after each, as the page's paint does once per
 * animation frame (serve sends about one message per frame). Answers how many were broken.
 */
export function applyFrames(frames: readonly Uint8Array[], framebuffer: DesktopFramebuffer): number {
  let broken = 0;
  for (const frame of frames) {
    try {
      framebuffer.applyMessage(frame);
    } catch (error) {
      if (!(error instanceof FrameFormatError)) throw error;
      broken++;
    }
    framebuffer.takeDamage();
  }
  return broken;
}

export interface ApplyingCost {
  /** CPU seconds of this process (GC included) to apply all the frames once. */
  readonly cpuPerPass: number;
  readonly passes: number;
  readonly broken: number;
}

/**
 * The CPU to apply `frames` in order into one kept framebuffer, as the page's is kept: one pass to
 * warm up (the page's code is warm in the scene) and to size the framebuffer, then passes until
 * `minSeconds` of CPU and `minPasses`. CPU, not wall time: the machine is shared.
 */
export function applyingCost(frames: readonly Uint8Array[], minSeconds: number, minPasses: number): ApplyingCost {
  const framebuffer = new DesktopFramebuffer();
  const broken = applyFrames(frames, framebuffer);
  const start = process.cpuUsage();
  let passes = 0;
  let cpu = 0;
  do {
    applyFrames(frames, framebuffer);
    passes++;
    const used = process.cpuUsage(start);
    cpu = (used.user + used.system) / 1e6;
  } while (passes < minPasses || cpu < minSeconds);
  return { cpuPerPass: cpu / passes, passes, broken };
}
