import { processSecrets, type SecretValues } from './secret-values';

const SECRET_KEY = /pass(word)?|secret|token|private_?key|credential|authorization|cookie/i;
const REDACTED = '[redacted]';
/** Deeper than any structure the app logs on purpose; below it a subtree is replaced, not passed through. */
const MAX_DEPTH = 32;
const TOO_DEEP = '[too deep]';
const CIRCULAR = '[circular]';

/** Masks secrets inside free text: known secret values, token headers, PEM keys, password=… pairs. */
export function redactText(text: string, secrets: SecretValues = processSecrets): string {
  return secrets
    .mask(text)
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, `[redacted private key]`)
    .replace(/(X-(?:Auth|Subject)-Token["':\s]+)[A-Za-z0-9_\-=]+/gi, `$1${REDACTED}`)
    .replace(/((?:password|secret|token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1${REDACTED}`);
}

function errorFields(error: Error): Record<string, unknown> {
  // name, message and cause are not enumerable: JSON would drop them (and keep nothing of the error).
  return { ...error, name: error.name, message: error.message, ...(error.cause !== undefined ? { cause: error.cause } : {}) };
}

/**
 * A copy of a value safe to log: strings (and keys) have secrets masked as in redactText, fields
 * under a secret-looking key are replaced, errors keep their message, cycles and anything nested
 * deeper than MAX_DEPTH become markers. Never throws.
 */
export function redact(value: unknown, secrets: SecretValues = processSecrets): unknown {
  const ancestors = new Set<object>();
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (typeof v === 'bigint' || typeof v === 'symbol') return redactText(v.toString(), secrets);
    if (typeof v === 'function') return undefined;
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) return TOO_DEEP;
    if (ancestors.has(v)) return CIRCULAR;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[${v.byteLength} bytes]`;
    ancestors.add(v);
    try {
      if (Array.isArray(v) || v instanceof Set) return [...v].map((item) => copy(item, depth + 1));
      const entries = v instanceof Map ? [...v.entries()] : Object.entries(v instanceof Error ? errorFields(v) : v);
      const out: Record<string, unknown> = {};
      for (const [key, item] of entries) {
        const name = redactText(String(key), secrets);
        out[name] = SECRET_KEY.test(String(key)) && item !== undefined && item !== null && item !== '' ? REDACTED : copy(item, depth + 1);
      }
      return out;
    } catch {
      // A getter or proxy that throws: the line is still written, without this value.
      return '[unreadable]';
    } finally {
      ancestors.delete(v);
    }
  };
  return copy(value, 0);
}
