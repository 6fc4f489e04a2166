import type { ApiErrorShape, CallResult } from '../../shared/contract';

/**
 * The page reads only what its own app sends: the server that served it (browser mode) or its
 * own main process (the desktop app). The app checks every answer and every event against the
 * contract before it leaves (src/core/api/dispatch.ts, src/core/api/event-bus.ts) and validates
 * what the page sends; checking the same answers again here would put zod and every schema of
 * the contract on the first screen. The page checks the frame's shape only, so a frame it cannot
 * read is a clear error, never undefined somewhere in a screen.
 */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A call's result as the app sent it, or undefined when it is not one. */
export function readCallResult(raw: unknown): CallResult | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.ok === true) return { ok: true, value: raw.value };
  const error = raw.error;
  if (raw.ok === false && isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string')
    return { ok: false, error: error as unknown as ApiErrorShape };
  return undefined;
}

/** A browser-mode WebSocket frame: the answer to call `id`, or an event. */
export type AppFrame = { readonly id: number; readonly result: unknown } | { readonly event: string; readonly payload: unknown };

/** The frame in a WebSocket message's text, or undefined when the text is not one. */
export function readAppFrame(text: string): AppFrame | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(frame)) return undefined;
  if (Number.isSafeInteger(frame.id) && 'result' in frame) return { id: frame.id as number, result: frame.result };
  if (typeof frame.event === 'string') return { event: frame.event, payload: frame.payload };
  return undefined;
}
