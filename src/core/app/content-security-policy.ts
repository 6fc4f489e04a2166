/**
 * Content-Security-Policy for the UI, the same in browser mode and Electron: nothing but our own
 * origin, no inline script, no eval, no remote loads (courses are read offline).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  // The lab's web pages, each from its own loopback port (src/core/connect/web/service-proxy.ts); nothing else.
  'frame-src http://127.0.0.1:*',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
