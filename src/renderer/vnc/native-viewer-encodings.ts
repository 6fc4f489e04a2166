/**
 * RFB SetEncodings (RFC 6143 §7.5.2: type 2, one byte of padding, a u16 count, then that many
 * s32 encodings) as Debian's native viewers send it, without two kinds of pseudo-encodings noVNC
 * always adds:
 * - JPEG quality levels (-32 … -23, TightVNC's extension). A server that is sent no quality level
 *   keeps Tight lossless (TigerVNC's Xvnc then uses zlib and palettes, never JPEG): each JPEG
 *   rectangle costs the page a base64 data URL, an image decode and a draw — several times the CPU
 *   of the lossless rectangles, for a blurred terminal.
 * - Fence (-312) and ContinuousUpdates (-313), TigerVNC's extensions. With them Xvnc pushes updates
 *   as fast as its congestion window lets it, each with a fence the page must answer, so a page
 *   that draws once per animation frame is sent (and decodes) several updates per frame. Without
 *   them the page asks for each update (FramebufferUpdateRequest) and can ask once per frame
 *   (update-request-pacer.ts), as native viewers ask once per redraw.
 */
const SET_ENCODINGS = 2;
const QUALITY_LEVEL_0 = -32;
const QUALITY_LEVEL_9 = -23;
const FENCE = -312;
const CONTINUOUS_UPDATES = -313;

const isDropped = (encoding: number): boolean =>
  (encoding >= QUALITY_LEVEL_0 && encoding <= QUALITY_LEVEL_9) || encoding === FENCE || encoding === CONTINUOUS_UPDATES;

/**
 * `message` without those pseudo-encodings when it is exactly one SetEncodings message; any other
 * message (or several together) is returned as it is.
 */
export function nativeViewerEncodings(message: Uint8Array): Uint8Array {
  if (message.length < 4 || message[0] !== SET_ENCODINGS) return message;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const count = view.getUint16(2);
  if (message.length !== 4 + 4 * count) return message;
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const encoding = view.getInt32(4 + 4 * i);
    if (!isDropped(encoding)) kept.push(encoding);
  }
  if (kept.length === count) return message;
  const out = new Uint8Array(4 + 4 * kept.length);
  const outView = new DataView(out.buffer);
  out[0] = SET_ENCODINGS;
  outView.setUint16(2, kept.length);
  kept.forEach((encoding, i) => outView.setInt32(4 + 4 * i, encoding));
  return out;
}
