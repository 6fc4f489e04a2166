import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { JobsChild } from './jobs-process';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const WRITER = join(REPO_ROOT, 'test', 'support', 'data-folder-writer.ts');

/** The stored cloud a writer adds under `name` (its secret goes to the secret store). */
export function writerCloud(name: string) {
  return {
    name,
    authUrl: `https://${name}.example/v3`,
    authType: 'v3applicationcredential' as const,
    applicationCredentialId: `id-${name}`,
  };
}

/** The setting a writer owns, as its k-th write sets it: each writer owns one key. */
export function ownedSetting(id: string, k: number): Record<string, unknown> {
  if (id === 'w1') return { usageLimit: { hours: k + 1, mode: 'warn' } };
  if (id === 'w2') return { instructor: { cohort: `c${k}` } };
  return { stepsPaneRatio: Math.round((0.2 + k * 0.001) * 1000) / 1000 };
}

/** Starts data-folder-writer.ts under tsx (see there for the commands). */
export function startWriter(args: readonly string[]): JobsChild {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], {
    cwd: REPO_ROOT,
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new JobsChild(child);
}
