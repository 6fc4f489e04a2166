/**
 * Pixel words as canvas wants them: ImageData bytes R, G, B, A read as one little-endian word,
 * 0xAABBGGRR. Held in Int32Array rather than Uint32Array: opaque words are above 2^31, and as
 * uint32 they would leave the JIT's integer fast path (the bits are the same).
 */

// Every platform Electron ships for is little-endian; the word layout above depends on it.
if (new Uint8Array(new Uint32Array([0x11223344]).buffer)[0] !== 0x44) {
  throw new Error('the RDP bitmap decoder needs a little-endian machine');
}

/**
 * 16 bpp 5-6-5 word → opaque canvas word, each channel widened by repeating its top bits
 * (r8 = r5 << 3 | r5 >> 2), so 0 → 0 and full → 255.
 */
export const RGB565_TO_RGBA = buildRgb565Table();

function buildRgb565Table(): Int32Array {
  const table = new Int32Array(65536);
  for (let v = 0; v < 65536; v++) {
    const r5 = v >> 11;
    const g6 = (v >> 5) & 0x3f;
    const b5 = v & 0x1f;
    const r = (r5 << 3) | (r5 >> 2);
    const g = (g6 << 2) | (g6 >> 4);
    const b = (b5 << 3) | (b5 >> 2);
    table[v] = 0xff000000 | (b << 16) | (g << 8) | r;
  }
  return table;
}
