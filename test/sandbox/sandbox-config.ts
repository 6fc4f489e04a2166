import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { findFreePorts } from './free-port';
import type { SandboxPaths } from './paths';
import { sandboxStateSchema } from './state';

/**
 * `.sandbox/config.json`: what must survive a restart — ports (they are in Keystone's catalog),
 * passwords, ids of things created once. Private to the sandbox; tests read sandbox.json.
 */
const configSchema = z.object({
  version: z.literal(1),
  region: z.string(),
  ports: z.object({
    keystone: z.number().int(),
    heat: z.number().int(),
    gate: z.number().int(),
    xrdp: z.number().int(),
    /** This sandbox's own xrdp-sesman (older configs lack it: one is picked at start). */
    sesman: z.number().int().optional(),
  }),
  passwords: z.object({
    admin: z.string(),
    heatService: z.string(),
    heatDomainAdmin: z.string(),
    instructor: z.string(),
    lab: z.string(),
    learners: z.record(z.string(), z.string()),
  }),
  heatAuthEncryptionKey: z.string().length(32),
  learnerCount: z.number().int().min(1),
  keystoneInitialized: z.boolean(),
  heatInitialized: z.boolean(),
  appCredential: z.object({ id: z.string(), name: z.string(), secret: z.string(), unrestricted: z.boolean() }).optional(),
  /** The identity layout last made, and for which ports and cohort size (a change redoes it). */
  layout: z
    .object({
      fingerprint: z.string(),
      value: sandboxStateSchema.pick({ admin: true, learners: true, instructor: true, appCredential: true }),
    })
    .optional(),
});

export type SandboxConfig = z.infer<typeof configSchema>;
export type PortName = keyof SandboxConfig['ports'];

export function newSecret(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

export function loadConfig(paths: SandboxPaths): SandboxConfig | undefined {
  if (!existsSync(paths.configFile)) return undefined;
  const parsed = configSchema.safeParse(JSON.parse(readFileSync(paths.configFile, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

export function saveConfig(paths: SandboxPaths, config: SandboxConfig): void {
  mkdirSync(dirname(paths.configFile), { recursive: true });
  const tmp = `${paths.configFile}.tmp`;
  writeFileSync(tmp, JSON.stringify(config, null, 2), { mode: 0o600 });
  renameSync(tmp, paths.configFile);
}

export async function newConfig(learnerCount: number): Promise<SandboxConfig> {
  const [keystone, heat, gate, xrdp, sesman] = (await findFreePorts(5)) as [number, number, number, number, number];
  return {
    version: 1,
    region: 'RegionOne',
    ports: { keystone, heat, gate, xrdp, sesman },
    passwords: {
      admin: newSecret(),
      heatService: newSecret(),
      heatDomainAdmin: newSecret(),
      instructor: newSecret(),
      lab: newSecret(12),
      learners: {},
    },
    heatAuthEncryptionKey: randomBytes(16).toString('hex'),
    learnerCount,
    keystoneInitialized: false,
    heatInitialized: false,
  };
}

/** learner1..N's passwords, created on first use and then kept. */
export function learnerPassword(config: SandboxConfig, name: string): string {
  const existing = config.passwords.learners[name];
  if (existing) return existing;
  const password = newSecret();
  config.passwords.learners[name] = password;
  return password;
}
