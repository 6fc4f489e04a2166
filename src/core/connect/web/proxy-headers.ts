import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** The service as the lab machine reaches it. */
export interface UpstreamOrigin {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
}

/** RFC 9110 §7.6.1 and their older kin: about one connection, never passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function upstreamOrigin(upstream: UpstreamOrigin): string {
  return `${upstream.tls ? 'https' : 'http'}://${upstream.host}:${upstream.port}`;
}

/**
 * What goes to the service: the Host it expects (the lab's name for it, not ours), its own origin
 * where the page's origin was (a service checking Origin against Host for CSRF keeps working), and
 * no trace of the console's cookie. One forward per request, so the service closes it after.
 */
export function rewriteRequestHeaders(
  headers: IncomingHttpHeaders,
  options: { cookieName: string; proxyOrigins: readonly string[]; upstream: UpstreamOrigin; keepUpgrade?: boolean },
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  const origin = upstreamOrigin(options.upstream);
  out.host = `${options.upstream.host}:${options.upstream.port}`;
  const cookies = (headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.split('=')[0]!.trim() !== options.cookieName);
  if (cookies.length > 0) out.cookie = cookies.join('; ');
  else delete out.cookie;
  if (typeof headers.origin === 'string' && options.proxyOrigins.includes(headers.origin)) out.origin = origin;
  const referer = headers.referer;
  if (typeof referer === 'string') {
    const from = options.proxyOrigins.find((o) => referer === o || referer.startsWith(`${o}/`));
    if (from) out.referer = `${origin}${referer.slice(from.length)}`;
  }
  if (options.keepUpgrade) {
    out.connection = 'Upgrade';
    if (headers.upgrade) out.upgrade = headers.upgrade;
  } else out.connection = 'close';
  return out;
}

/** `GET /path HTTP/1.1` and the headers, as sent on a raw stream (a WebSocket handshake). */
export function rawRequestHead(method: string, path: string, headers: OutgoingHttpHeaders): string {
  const lines = [`${method} ${path} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(one)}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Only the learner's own Lab Console pages (any port of loopback) may frame a console. */
const FRAME_ANCESTORS = 'frame-ancestors http://127.0.0.1:* http://localhost:*';

function withoutDirective(policy: string, directive: string): string {
  return policy
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.split(/\s+/)[0]!.toLowerCase() !== directive)
    .join('; ');
}

/** Redirects to the service's own address stay on the console's. */
function localLocation(location: string, upstream: UpstreamOrigin): string {
  const origin = upstreamOrigin(upstream);
  const defaultPort = upstream.tls ? 443 : 80;
  const forms = [origin, ...(upstream.port === defaultPort ? [`${upstream.tls ? 'https' : 'http'}://${upstream.host}`] : [])];
  for (const form of forms) {
    if (location === form) return '/';
    if (location.startsWith(`${form}/`) || location.startsWith(`${form}?`)) return location.slice(form.length);
  }
  return location;
}

/** A cookie of the service, as the console's plain-HTTP origin can keep it. */
function localCookie(cookie: string, upstream: UpstreamOrigin): string {
  const parts = cookie.split(';').map((part) => part.trim());
  return parts
    .filter((part, index) => index === 0 || !/^domain\s*=/i.test(part))
    .filter((part, index) => index === 0 || !(upstream.tls && /^secure$/i.test(part)))
    .map((part, index) => (index > 0 && upstream.tls && /^samesite\s*=\s*none$/i.test(part) ? 'SameSite=Lax' : part))
    .join('; ');
}

/**
 * What comes back: the page may be shown in the Lab tab (no X-Frame-Options, framing allowed to
 * loopback pages only), its redirects and cookies stay on the console's origin, and it may not
 * clear data or pin HTTPS on 127.0.0.1, which other local pages share.
 */
export function rewriteResponseHeaders(headers: IncomingHttpHeaders, upstream: UpstreamOrigin): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (name === 'x-frame-options' || name === 'strict-transport-security' || name === 'clear-site-data') continue;
    out[name] = value;
  }
  const policies = [headers['content-security-policy'] ?? []]
    .flat()
    .map((policy) => withoutDirective(policy, 'frame-ancestors'))
    .filter(Boolean);
  out['content-security-policy'] = [...policies, FRAME_ANCESTORS];
  if (typeof headers.location === 'string') out.location = localLocation(headers.location, upstream);
  if (headers['set-cookie']) out['set-cookie'] = headers['set-cookie'].map((cookie) => localCookie(cookie, upstream));
  return out;
}
