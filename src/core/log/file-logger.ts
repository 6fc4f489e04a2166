import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogFields, Logger, LogLevel } from './logger';
import { redact, redactText } from './redact';
import { processSecrets, type SecretValues } from './secret-values';

export interface RotatingLogOptions {
  readonly dir: string;
  /** e.g. "main", "cli": one file per process kind, so concurrent writers don't interleave mid-line. */
  readonly name: string;
  readonly maxBytes?: number;
  readonly keep?: number;
  readonly minLevel?: LogLevel;
  /** Also echo lines (e.g. to stderr for `--verbose`). */
  readonly echo?: (line: string) => void;
  /** The secret values masked in every line (this process's by default). */
  readonly secrets?: SecretValues;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A rotating plain-text log: `<dir>/<name>.log`, rotated to .1 … .N when it passes maxBytes. */
export class RotatingFileLog {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private size: number;

  constructor(private readonly options: RotatingLogOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.path = join(options.dir, `${options.name}.log`);
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = options.keep ?? 5;
    this.size = existsSync(this.path) ? statSync(this.path).size : 0;
  }

  append(line: string): void {
    const data = `${line}\n`;
    if (this.size + data.length > this.maxBytes && this.size > 0) this.rotate();
    appendFileSync(this.path, data, { mode: 0o600 });
    this.size += Buffer.byteLength(data);
  }

  private rotate(): void {
    rmSync(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.size = 0;
  }

  logger(scope = this.options.name): Logger {
    const min = ORDER[this.options.minLevel ?? 'info'];
    const secrets = this.options.secrets ?? processSecrets;
    const write = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (ORDER[level] < min) return;
      const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(redact(fields, secrets))}` : '';
      const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${redactText(String(message), secrets)}${extra}`;
      try {
        this.append(line);
      } catch {
        // A full disk or a vanished folder must never take the app down with it.
      }
      this.options.echo?.(line);
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (child) => this.logger(`${scope}.${child}`),
    };
  }
}

/** The last `count` lines across every log in the folder, newest last (for diagnostics). */
export function recentLogLines(dir: string, count: number): string[] {
  if (!existsSync(dir)) return [];
  const lines: string[] = [];
  for (const name of ['cli', 'server', 'main']) {
    for (const suffix of ['.1', '']) {
      const path = join(dir, `${name}.log${suffix}`);
      if (existsSync(path)) lines.push(...readFileSync(path, 'utf8').split('\n').filter(Boolean));
    }
  }
  return lines.sort().slice(-count);
}
