/**
 * Records the decoder test data from a real xrdp (see README.md for the scenes and the setup):
 *   RDP_CAPTURE_HOST (127.0.0.1), RDP_CAPTURE_PORT (compressed xrdp), RDP_CAPTURE_RAW_PORT
 *   (a second xrdp on the same sesman with bitmap_compression=false), RDP_CAPTURE_PASSWORD,
 *   users rdpcap-scroll and rdpcap-static.
 *   npx tsx test/data/rdp/record-captures.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { BitmapDecoder, type RawBitmap } from '../../../src/shared/rdp/bitmap-decoder';
import { decodeWithBundled } from '../../../src/core/connect/rdp/bundled-decoder';
import { createRdpjsClient } from '../../../src/core/connect/rdp/rdpjs-client';
import { CAPTURE_DIR, encodeCapture, encodeFrame, paint, type CapturedBitmap, type Frame } from './capture-format';

const host = process.env.RDP_CAPTURE_HOST ?? '127.0.0.1';
const port = Number(process.env.RDP_CAPTURE_PORT ?? 13389);
const rawPort = Number(process.env.RDP_CAPTURE_RAW_PORT ?? 13390);
const password = process.env.RDP_CAPTURE_PASSWORD ?? 'capture-pass-1';
const WIDTH = 800;
const HEIGHT = 600;

interface Recording {
  bitmaps: RawBitmap[];
  bytes: number;
}

/**
 * Connects, keeps every bitmap until `ms` pass or `maxBytes` of bitmap data arrived; bitmaps
 * arriving between skip.from and skip.to (ms after connecting) are dropped.
 */
function record(
  user: string,
  bpp: 16 | 24,
  onPort: number,
  ms: number,
  maxBytes = Infinity,
  skip = { from: Infinity, to: Infinity },
  withPassword = password,
): Promise<Recording> {
  return new Promise((resolve, reject) => {
    const recording: Recording = { bitmaps: [], bytes: 0 };
    const client = createRdpjsClient({
      userName: user,
      password: withPassword,
      autoLogin: true,
      decompress: false,
      screen: { width: WIDTH, height: HEIGHT },
      colorDepth: bpp,
      logLevel: 'ERROR',
    });
    let done = false;
    const started = Date.now();
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.close();
      setTimeout(() => resolve(recording), 300);
    };
    const timer = setTimeout(finish, ms);
    client
      .on('bitmap', (b) => {
        const elapsed = Date.now() - started;
        if (done || (elapsed >= skip.from && elapsed < skip.to)) return;
        recording.bitmaps.push({ ...b, isCompress: Boolean(b.isCompress), data: new Uint8Array(b.data) });
        recording.bytes += b.data.length;
        if (recording.bytes >= maxBytes) finish();
      })
      .on('error', (error) => {
        done = true;
        reject(error);
      })
      .connect(host, onPort);
  });
}

function withReferences(bitmaps: readonly RawBitmap[]): CapturedBitmap[] {
  return bitmaps.map((b) => ({
    ...b,
    referenceSha256: b.isCompress ? createHash('sha256').update(decodeWithBundled(b).rgba).digest('hex') : undefined,
  }));
}

function compose(bitmaps: readonly RawBitmap[]): Frame {
  const screen = { width: WIDTH, height: HEIGHT, rgba: new Uint8ClampedArray(WIDTH * HEIGHT * 4) };
  const decoder = new BitmapDecoder();
  for (const b of bitmaps) paint(screen, decoder.decode(b));
  return screen;
}

function save(name: string, data: Buffer): void {
  writeFileSync(CAPTURE_DIR + name, data);
  console.log(`${name}: ${(data.length / 1024).toFixed(1)} KiB`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const bpp of [16, 24] as const) {
  // A new session's first screen, then (skipping the first lines) the terminal scrolling,
  // up to ~120 KiB of bitmaps.
  const scroll = await record('rdpcap-scroll', bpp, port, 20_000, 120 * 1024, { from: 2_500, to: 6_000 });
  save(`scroll-${bpp}bpp.rdpcap`, encodeCapture(withReferences(scroll.bitmaps)));
  console.log(`  ${scroll.bitmaps.length} bitmaps`);

  // The static scene: let it settle, then the full repaint a reconnection gets, once compressed
  // and once uncompressed (the same session through the second xrdp).
  await record('rdpcap-static', bpp, port, 8_000);
  await sleep(500);
  const compressed = await record('rdpcap-static', bpp, port, 4_000);
  await sleep(500);
  const raw = await record('rdpcap-static', bpp, rawPort, 4_000);
  if (raw.bitmaps.some((b) => b.isCompress)) throw new Error(`port ${rawPort} sent compressed bitmaps: is bitmap_compression=false?`);
  save(`static-${bpp}bpp.rdpcap`, encodeCapture(withReferences(compressed.bitmaps)));
  save(`static-${bpp}bpp-uncompressed.frame`, encodeFrame(compose(raw.bitmaps)));
  console.log(`  ${compressed.bitmaps.length} compressed bitmaps, ${raw.bitmaps.length} uncompressed`);

  // What xrdp shows for a wrong password: its own log window, no protocol error.
  const failed = await record('rdpcap-static', bpp, port, 5_000, Infinity, undefined, 'not-the-password');
  save(`login-failed-${bpp}bpp.rdpcap`, encodeCapture(withReferences(failed.bitmaps)));
}
process.exit(0);
