/**
 * RFB SetEncodings (RFC 6143 §7.5.2: type 2, one byte of padding, a u16 count, then that many
 * s32 encodings) without the JPEG quality-level pseudo-encodings (-32 … -23, TightVNC's
 * extension). A server that is sent no quality level keeps Tight lossless (TigerVNC's Xvnc then
 * uses zlib and palettes, never JPEG), as Debian's native viewers ask by default: noVNC always
 * sends one, and each JPEG rectangle then costs the page a base64 data URL, an image decode and a
 * draw — several times the CPU of the lossless rectangles, for a blurred terminal.
 */
const SET_ENCODINGS = 2;
const QUALITY_LEVEL_0 = -32;
const QUALITY_LEVEL_9 = -23;

const isQualityLevel = (encoding: number): boolean => encoding >= QUALITY_LEVEL_0 && encoding <= QUALITY_LEVEL_9;

/**
 * `message` without its quality levels when it is exactly one SetEncodings message; any other
 * message (or several together) is returned as it is.
 */
export function withoutQualityLevels(message: Uint8Array): Uint8Array {
  if (message.length < 4 || message[0] !== SET_ENCODINGS) return message;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const count = view.getUint16(2);
  if (message.length !== 4 + 4 * count) return message;
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const encoding = view.getInt32(4 + 4 * i);
    if (!isQualityLevel(encoding)) kept.push(encoding);
  }
  if (kept.length === count) return message;
  const out = new Uint8Array(4 + 4 * kept.length);
  const outView = new DataView(out.buffer);
  out[0] = SET_ENCODINGS;
  outView.setUint16(2, kept.length);
  kept.forEach((encoding, i) => outView.setInt32(4 + 4 * i, encoding));
  return out;
}
