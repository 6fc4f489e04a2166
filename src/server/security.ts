import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export function tokensEqual(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Hosts we answer to: guards against DNS rebinding (a remote page whose name resolves to 127.0.0.1). */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/**
 * Fetch Metadata: a browser says who asked for a resource. Our own pages ask `same-origin` and a typed
 * address is `none`; a page on another port of 127.0.0.1 asks `same-site` (ports do not make sites),
 * a remote one `cross-site`. Such pages may navigate to the UI, but not load its parts into theirs.
 */
export function isForeignSubresource(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  return (site === 'same-site' || site === 'cross-site') && headers['sec-fetch-mode'] !== 'navigate';
}
