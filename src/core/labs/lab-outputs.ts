import type { Connection, CourseManifest, ValueSource } from '../../shared/course/course-manifest';
import { COURSE_DEFAULTS } from '../../shared/course/course-manifest';
import { processSecrets } from '../log/secret-values';

/** Output names that hold secrets for this course: its key and password mappings plus hastexo's defaults. */
export function secretOutputNames(manifest: CourseManifest): Set<string> {
  const names = new Set<string>([COURSE_DEFAULTS.private_key_output, COURSE_DEFAULTS.password_output]);
  for (const c of manifest.lab?.connections ?? []) {
    if (c.password.from === 'output') names.add(c.password.output);
    if (c.protocol === 'ssh' && c.private_key.from === 'output') names.add(c.private_key.output);
  }
  return names;
}

/** Splits a stack's outputs into what may go to SQLite and what must go to the SecretStore (and be masked in logs). */
export function splitOutputs(
  manifest: CourseManifest,
  outputs: Readonly<Record<string, unknown>>,
): { plain: Record<string, unknown>; secret: Record<string, string> } {
  const secretNames = secretOutputNames(manifest);
  const plain: Record<string, unknown> = {};
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(outputs)) {
    if (secretNames.has(key)) {
      if (value !== null && value !== undefined && value !== '') secret[key] = typeof value === 'string' ? value : JSON.stringify(value);
    } else plain[key] = value;
  }
  processSecrets.add(...Object.values(secret));
  return { plain, secret };
}

export class MissingOutputError extends Error {
  readonly kind = 'missing_output';
  constructor(
    readonly connection: string,
    readonly field: string,
    readonly output: string,
  ) {
    super(
      `Connection "${connection}": its ${field} comes from the stack output "${output}", which the stack does not have. Check lab.connections in course.yaml against the template's outputs.`,
    );
    this.name = 'MissingOutputError';
  }
}

/** The value of a connection field: a literal, or a stack output (required ones must exist). */
export function valueOf(
  source: ValueSource,
  outputs: Readonly<Record<string, unknown>>,
  connection: string,
  field: string,
): string | number | undefined {
  if (source.from === 'literal') return source.value;
  const value = outputs[source.output];
  if (value === undefined || value === null || value === '') {
    if (source.required) throw new MissingOutputError(connection, field, source.output);
    return undefined;
  }
  return typeof value === 'number' ? value : String(value);
}

/** Where a connection answers: host and port from the outputs (non-secret ones suffice). */
export function endpointOf(connection: Connection, outputs: Readonly<Record<string, unknown>>): { host: string; port: number } {
  const host = String(valueOf(connection.host, outputs, connection.name, 'host'));
  const port = Number(valueOf(connection.port, outputs, connection.name, 'port'));
  return { host, port };
}
