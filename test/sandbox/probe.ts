import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** HTTP status of a GET, or undefined when nothing answers within `timeoutMs`. */
export async function httpStatus(url: string, timeoutMs = 1000): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

/** The first bytes a loopback server sends (latin1), or undefined when nothing answers within `timeoutMs`. */
export function firstWords(port: number, timeoutMs = 1000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (value: string | undefined): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('data', (data: Buffer) => done(data.toString('latin1')));
  });
}

export class SandboxStartTimeout extends Error {
  override name = 'SandboxStartTimeout';
}

/** Polls `check` until it is true; the error names what did not come up and where to look. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, hint: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(delay);
    delay = Math.min(delay * 1.5, 500);
  }
  throw new SandboxStartTimeout(`${what} did not come up within ${Math.round(timeoutMs / 1000)} s; ${hint}`);
}
