import type { ServerResponse } from 'node:http';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A page the web console answers itself (a refusal, the service not answering): text only, no script. */
export function proxyPage(response: ServerResponse, status: number, message: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lab Console</title></head><body style="font: 15px system-ui, sans-serif; margin: 2rem; max-width: 40rem"><p>${escapeHtml(message)}</p></body></html>\n`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors http://127.0.0.1:* http://localhost:*",
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  response.end(body);
}
