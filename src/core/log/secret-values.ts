/** What a secret's value becomes in a log line or in diagnostics. */
export const SECRET_MASK = '[secret]';

/**
 * Shorter values are not masked by value: they would blot out ordinary words of every log line.
 * They are still masked under a secret-looking key name (redact.ts).
 */
const MIN_MASKED_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The spellings of a value a log line may carry: as is, trimmed, inside JSON, inside a URL. */
function spellings(value: string): string[] {
  const trimmed = value.trim();
  return [value, trimmed, JSON.stringify(trimmed).slice(1, -1), encodeURIComponent(trimmed)];
}

/**
 * The values of the secrets this process holds (passwords, application-credential secrets, tokens,
 * private keys), so that logs and diagnostics mask them wherever they appear, whatever the key.
 * Fed where the app reads or creates a secret: the secret store, the Keystone session, stack outputs.
 */
export class SecretValues {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  add(...values: readonly (string | null | undefined)[]): void {
    for (const value of values) {
      if (typeof value !== 'string' || value.trim().length < MIN_MASKED_LENGTH) continue;
      for (const spelling of spellings(value)) {
        if (spelling.length < MIN_MASKED_LENGTH || this.values.has(spelling)) continue;
        this.values.add(spelling);
        this.pattern = undefined;
      }
    }
  }

  /** The text with every known secret value replaced by SECRET_MASK. */
  mask(text: string): string {
    if (this.values.size === 0) return text;
    // Longest first, so a value containing another is masked whole.
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, SECRET_MASK);
  }
}

/** The secrets of this process: one registry, as there is one log per process. */
export const processSecrets = new SecretValues();
