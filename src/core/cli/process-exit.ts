import { setFlagsFromString } from 'node:v8';

/**
 * Baseline-compiled WebAssembly only. undici compiles its HTTP parser (llhttp) to WebAssembly on the
 * first request, and V8 then optimises it on a background thread that exit waits for: 130–270 ms
 * after the work is done. The parser reads a few KB of headers per request; Liftoff's code is ample.
 * (ssh2's WebAssembly poly1305 is only its fallback when its native crypto is missing.) Call it
 * before the first request: a V8 flag set after the compile has no effect on it.
 */
export function preferBaselineWebAssembly(): void {
  setFlagsFromString('--liftoff-only');
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * Exits with `code` as soon as stdout and stderr are flushed, not when the event loop runs dry:
 * an idle connection pool must not keep a finished command alive.
 */
export async function exitOnceFlushed(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}
