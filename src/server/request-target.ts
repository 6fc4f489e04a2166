export interface RequestTarget {
  /** The path as sent (percent-encoded), dot segments resolved. */
  readonly pathname: string;
  readonly query: URLSearchParams;
}

// A fixed base, never the request's Host: a Host header is just text the client chose.
const BASE = 'http://request.invalid';
// eslint-disable-next-line no-control-regex -- control bytes are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The request target in origin-form (RFC 9112 §3.2.1: `/path?query`), or undefined for anything
 * else — absolute-form, authority-form and `*` are for proxies, which we are not — and for a path
 * that is not valid percent-encoding or decodes to control bytes. Never throws.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw?.startsWith('/')) return undefined;
  try {
    // Prefixing the base keeps `//host/path` a path instead of a protocol-relative reference.
    const url = new URL(`${BASE}${raw}`);
    if (url.origin !== BASE || CONTROL.test(decodeURIComponent(url.pathname))) return undefined;
    return { pathname: url.pathname, query: url.searchParams };
  } catch {
    return undefined;
  }
}
