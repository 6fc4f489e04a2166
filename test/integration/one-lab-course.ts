import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import type { SandboxState } from '../sandbox/state';
import { createLab, deleteRunStacks, TINY_LAB } from './cohort-labs';
import { connectTo } from './openstack-sandbox';

/** What a describe block's tests read once its hooks have run: the sandbox, the course, a folder of their own. */
export interface OneLabCourse {
  readonly course: string;
  state(): SandboxState;
  /** A fresh temporary folder for the block, removed after it. */
  dir(): string;
  /** The environment naming the sandbox's clouds.yaml and secure.yaml, for runCli. */
  cloudsEnv(): NodeJS.ProcessEnv;
}

/**
 * Registers, in the calling describe block, a course of one tiny lab of learner1's (its stack made
 * before the tests and deleted after them) and a temporary folder. `name` tells the course and the
 * folder apart from other blocks'.
 */
export function oneLabCourse(sandbox: () => SandboxState, name: string): OneLabCourse {
  const run = randomBytes(3).toString('hex');
  const course = `${name}-it-${run}`;
  let state: SandboxState | undefined;
  let learner: OpenStackConnection | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    state = sandbox();
    dir = mkdtempSync(join(tmpdir(), `lc-${name}-it-`));
    learner = await connectTo(state, 'learner1');
    await createLab(learner, course, run, { template: TINY_LAB });
  }, 120_000);

  afterAll(async () => {
    if (learner) {
      await deleteRunStacks(learner, run);
      await learner.close();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('oneLabCourse: read before its beforeAll ran');
    return value;
  };
  return {
    course,
    state: () => ready(state),
    dir: () => ready(dir),
    cloudsEnv: () => ({ OS_CLIENT_CONFIG_FILE: ready(state).files.cloudsYaml, OS_CLIENT_SECURE_FILE: ready(state).files.secureYaml }),
  };
}
