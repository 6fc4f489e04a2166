import type { z } from 'zod';
import { valueAt, type FieldPath, type LocatedProblem } from './yaml-source';

/**
 * Turns zod's issues into sentences an author can act on, phrased against the YAML they wrote
 * (`expected "ssh" or "rdp", got "telnet"`) rather than zod's internal vocabulary.
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[], data: unknown, base: FieldPath = []): LocatedProblem[] {
  return issues.flatMap((issue) => problemsOf(issue, data, [...base, ...issue.path]));
}

/** Keys that exist on the other protocol, so "unknown field" can say why. */
const PROTOCOL_ONLY: Partial<Record<string, string>> = {
  private_key: 'only ssh connections take private_key',
  host_key_fingerprint: 'only ssh connections take host_key_fingerprint',
  rdp_cert_sha256: 'only rdp connections take rdp_cert_sha256',
};

function problemsOf(issue: z.core.$ZodIssue, data: unknown, path: FieldPath): LocatedProblem[] {
  const got = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        at: 'key' as const,
        message: PROTOCOL_ONLY[key] ?? 'unknown field (check its spelling and indentation)',
      }));
    case 'invalid_type':
      if (got === undefined) return [{ path, message: 'is required' }];
      if (issue.expected === 'string' && (typeof got === 'number' || typeof got === 'boolean')) {
        // YAML reads `version: 1.0` as a number: the fix is quoting, say so.
        return [{ path, message: `expected a text, got the ${typeof got} ${String(got)}; put it in quotes if you meant the text` }];
      }
      return [{ path, message: `expected ${describeExpected(issue.expected)}, got ${describe(got)}` }];
    case 'invalid_value':
      return [{ path, message: `expected ${orList(issue.values)}, got ${describe(got)}` }];
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const discriminatorPath = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
        const value = valueAt(data, discriminatorPath);
        return [
          {
            path: discriminatorPath,
            message: value === undefined ? `is required (${orList(options)})` : `expected ${orList(options)}, got ${describe(value)}`,
          },
        ];
      }
      // When only one alternative got past the type check, its own problems are the useful ones.
      const plausible = issue.errors.filter((branch) => !branch.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (plausible.length === 1 && plausible[0]) return zodProblems(plausible[0], data, path);
      if (got === undefined) return [{ path, message: 'is required' }];
      return [{ path, message: `${issue.message}, got ${describe(got)}` }];
    }
    case 'invalid_format':
      return [{ path, message: `${issue.message}, got ${describe(got)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping (key: value lines)';
    case 'array':
      return 'a list (lines starting with "- ")';
    case 'string':
      return 'a text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

/** How a YAML value looks to the author who wrote it. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

function orList(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
