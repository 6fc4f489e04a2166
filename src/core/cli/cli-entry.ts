import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli-main';

// Baseline-compiled WebAssembly only. undici compiles its HTTP parser (llhttp) to WebAssembly on the
// first request, and V8 then optimises it on a background thread that exit waits for: 130–270 ms
// after the work is done. The parser reads a few KB of headers per request; Liftoff's code is ample.
// (ssh2's WebAssembly poly1305 is its fallback when its native crypto is missing; aes-gcm comes first.)
// Set before any command runs (a V8 flag set later than the compile has no effect).
setFlagsFromString('--liftoff-only');

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

// The bundled entry of the `lab-console` binary. It exits as soon as its output is flushed, not
// when the event loop runs dry: an idle connection pool must not keep a finished command alive.
const code = await runCli(process.argv.slice(2));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
