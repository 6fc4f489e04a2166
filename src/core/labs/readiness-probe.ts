import { connect } from 'node:net';
import type { Clock } from '../time/clock';

export type ProbeKind = 'ssh' | 'tcp';

/**
 * One look at whether a lab host answers: for ssh, the server's identification line
 * (RFC 4253 §4.2: "SSH-protoversion-softwareversion"); for anything else, an accepted TCP connection.
 */
export function probeOnce(host: string, port: number, kind: ProbeKind, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      if (kind === 'tcp') done(true);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\n') || received.length >= 4) done(received.startsWith('SSH-'));
    });
    socket.once('close', () => done(false));
  });
}

/**
 * Polls until every endpoint answers, backing off from 50 ms to 1 s, or the signal aborts (a
 * launch deadline). Returns how long it took.
 */
export async function waitUntilAnswering(
  endpoints: readonly { host: string; port: number; kind: ProbeKind }[],
  options: { clock: Clock; signal?: AbortSignal; onWaiting?: (pending: number) => void },
): Promise<number> {
  const started = options.clock.now();
  let pending = [...endpoints];
  let delay = 50;
  for (;;) {
    options.signal?.throwIfAborted();
    const results = await Promise.all(pending.map((e) => probeOnce(e.host, e.port, e.kind)));
    pending = pending.filter((_, i) => !results[i]);
    if (pending.length === 0) return options.clock.now() - started;
    options.onWaiting?.(pending.length);
    await options.clock.sleep(delay, options.signal);
    delay = Math.min(delay * 2, 1_000);
  }
}
