const SECRET_KEY = /pass(word)?|secret|token|private_?key|credential|authorization|cookie/i;
const REDACTED = '[redacted]';

/** Copies a value with every field that looks like a secret replaced, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '' ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

/** Masks secrets that appear inside free text (token headers, PEM keys, password=… pairs). */
export function redactText(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, `[redacted private key]`)
    .replace(/(X-(?:Auth|Subject)-Token["':\s]+)[A-Za-z0-9_\-=]+/gi, `$1${REDACTED}`)
    .replace(/((?:password|secret|token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1${REDACTED}`);
}
