/** The parts of noVNC's Inflator (core/inflator.js, 1.7, over its vendored pako) this file reads or wraps. */
export interface NoVncInflator {
  readonly strm: { readonly state: { mode: number; wrap: number } };
  inflate(expected: number): Uint8Array;
}

/** pako's inflate state "waiting for the zlib header" (inflate.js `HEAD`). */
const AWAITING_HEADER = 1;

/**
 * Has `inflator` stop computing the Adler-32 of its output once its zlib header is read. Why: pako
 * sums every byte it inflates to check it against the trailer at the stream's end, and a Tight
 * stream never ends (it lives as long as the connection, reset at most), so nobody ever reads the
 * sum: it cost a third or more of the page's inflate time. The header still needs pako's zlib
 * flag, so it is set again whenever the stream waits for one (at the start, after a reset).
 * An inflator of another shape is left as it is.
 */
export function skipUnreadChecksum(inflator: NoVncInflator): void {
  const state = inflator.strm?.state;
  if (!state || typeof state.wrap !== 'number' || typeof state.mode !== 'number') return;
  const zlibWrap = state.wrap;
  const inflate = inflator.inflate.bind(inflator);
  inflator.inflate = (expected) => {
    if (state.mode === AWAITING_HEADER) state.wrap = zlibWrap;
    try {
      return inflate(expected);
    } finally {
      if (state.mode !== AWAITING_HEADER) state.wrap = 0;
    }
  };
}
