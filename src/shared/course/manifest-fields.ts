import * as z from 'zod';
import { parseDuration } from './duration';

/**
 * The building blocks of `course.yaml`'s schema (course-manifest.ts): bundle paths, names, values
 * that are a literal or a stack output, durations. Shared by the lab, its services and the steps.
 */

export const CONNECTION_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
/** Heat output and parameter names: letters, digits, "_" and "-". */
export const HEAT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;

/** True for a path an author may write: relative, "/"-separated, never leaving the bundle. */
export function isBundlePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export const BundlePath = z
  .string()
  .refine(
    isBundlePath,
    'must be a path inside the bundle, relative to course.yaml, e.g. "steps/01-intro.md" (no "..", no leading "/", "/" as separator)',
  );

export const HeatName = z.string().regex(HEAT_NAME_PATTERN, 'must be a Heat output name (letters, digits, "_", "-", ".")');

export const ConnectionName = z
  .string()
  .regex(CONNECTION_NAME_PATTERN, 'must be lower-case letters, digits, "-" or "_", starting with a letter (max 32)');

/** Where a connection value comes from: a stack output, or a literal written in course.yaml. */
export type ValueSource =
  | { readonly from: 'output'; readonly output: string; readonly required: boolean }
  | { readonly from: 'literal'; readonly value: string | number };

export const OutputRef = z.strictObject({ output: HeatName });

export function outputSource(output: string, required: boolean): ValueSource {
  return { from: 'output', output, required };
}

/** `{output: NAME}` or a literal; `port: 2222` and `port: {output: ssh_port}` both read naturally. */
export function valueSource(literal: z.ZodType<string | number>, expected: string) {
  return z
    .union([OutputRef, literal], { error: `expected ${expected} or {output: NAME}` })
    .transform((value): ValueSource => (typeof value === 'object' ? outputSource(value.output, true) : { from: 'literal', value }));
}

export const HostSource = valueSource(z.string().min(1, 'must not be empty'), 'a host name or address');
export const PortSource = valueSource(
  z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65_535, 'must be 1–65535'),
  'a port number (e.g. 2222)',
);
export const TextSource = valueSource(z.string().min(1, 'must not be empty'), 'a text');
/** Secrets come from the stack only: a bundle is shared with every learner. */
export const SecretSource = OutputRef.transform((value): ValueSource => outputSource(value.output, true));

export function duration(defaultSeconds: number) {
  return z
    .union([z.string(), z.number()])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return defaultSeconds;
      const seconds = parseDuration(value);
      if (seconds === undefined || seconds === 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as "90s", "15m", "2h", "14d" or "1h30m"' });
        return z.NEVER;
      }
      return seconds;
    });
}

/** A duration that may also be switched off with `none`. */
export function optionalDuration(defaultSeconds: number | null) {
  return z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return defaultSeconds;
      if (value === null || value === 'none') return null;
      const seconds = parseDuration(value);
      if (seconds === undefined || seconds === 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as "4h" or "14d", or none' });
        return z.NEVER;
      }
      return seconds;
    });
}
