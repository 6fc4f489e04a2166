import { dirname, isAbsolute, resolve } from 'node:path';
import * as z from 'zod';
import { RatesInput } from '../../../shared/labs/lab-rates';
import { CloudConfigError } from '../errors';
import type { CloudOrigin, LabConsoleCloudSettings } from './cloud-types';

/**
 * Lab Console's own keys inside a clouds.yaml entry. openstacksdk ignores unknown keys, so
 * `lab_console:` lives beside `auth:` without disturbing the `openstack` CLI.
 */
const LabConsoleBlockSchema = z.strictObject({
  heat_environment: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  rates: RatesInput.optional(),
  capacity: z.coerce.number().int().min(-1).optional(),
});

export function parseLabConsoleSettings(raw: unknown, origin: CloudOrigin, cloudName: string): LabConsoleCloudSettings {
  if (raw === undefined || raw === null) return {};
  const parsed = LabConsoleBlockSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = ['lab_console', ...issue.path.map(String)];
    throw new CloudConfigError(`cloud "${cloudName}": ${issue.message}`, origin.locate(path));
  }
  const block = parsed.data;
  const baseDir = origin.file ? dirname(origin.file) : process.cwd();
  const env = block.heat_environment;
  return {
    heatEnvironment:
      env === undefined
        ? undefined
        : typeof env === 'string'
          ? { kind: 'file', path: isAbsolute(env) ? env : resolve(baseDir, env) }
          : { kind: 'inline', environment: env, baseDir },
    rates: block.rates,
    capacity: block.capacity,
  };
}
