/**
 * Shared by the cohort tests and benches: labs created directly as each learner, tagged exactly as
 * the app tags them (src/core/labs/lab-identity.ts), plus a `lc-test=<run>` tag so that cleanup
 * finds everything a run made.
 */
import { labStackName, labTags } from '../../src/core/labs/lab-identity';
import { mapBounded } from '../../src/core/courses/bounded-parallel';
import { prepareTemplate } from '../../src/core/openstack/heat/template-files';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import type { SandboxState } from '../sandbox/state';

export const TINY_LAB = {
  heat_template_version: '2018-08-31',
  resources: { value: { type: 'OS::Heat::Value', properties: { value: 'lab' } } },
};

export const FAILING_LAB = {
  heat_template_version: '2018-08-31',
  resources: { broken: { type: 'OS::Heat::TestResource', properties: { fail: true } } },
};

export function testTags(courseId: string, userId: string, run: string): string[] {
  return [...labTags(courseId, '1.0.0', userId), `lc-test=${run}`];
}

/** The sample course's lab with the sandbox cloud's environment, as the app would send it. */
export async function sampleLab(state: SandboxState) {
  return prepareTemplate(state.files.sampleTemplate, [{ path: state.files.sampleEnvironment }, { path: state.files.heatEnvironment }]);
}

export async function createLab(
  learner: OpenStackConnection,
  courseId: string,
  run: string,
  template: Awaited<ReturnType<typeof sampleLab>> | { template: Record<string, unknown> },
  options: { name?: string; parameters?: Record<string, unknown>; expectFailure?: boolean } = {},
) {
  const token = await learner.keystone.token();
  const name = options.name ?? labStackName(courseId, token.user.id);
  const input = {
    ...template,
    name,
    tags: testTags(courseId, token.user.id, run),
    parameters: { ...options.parameters },
    disableRollback: true,
  };
  if (options.expectFailure) {
    const ref = await learner.heat.create(input);
    for (let i = 0; i < 100; i++) {
      const stack = await learner.heat.get(ref);
      if (stack.status.endsWith('_FAILED')) return stack;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${name} did not fail`);
  }
  return learner.stacks.create(input, { timeoutMs: 120_000 });
}

/** Deletes every stack of the run in the learner's project (and waits until they are gone). */
export async function deleteRunStacks(learner: OpenStackConnection, run: string, concurrency = 8): Promise<void> {
  const stacks = await learner.heat.listAll({ tags: [`lc-test=${run}`] });
  await mapBounded(stacks, concurrency, async (s) => {
    await learner.stacks.delete({ name: s.name, id: s.id }, { timeoutMs: 120_000 }).catch(() => undefined);
  });
}

/** Stack-level events of one status: the proof of how many times an action really ran. */
export async function countStackEvents(learner: OpenStackConnection, ref: { name: string; id: string }, status: string): Promise<number> {
  const events = await learner.heat.events(ref);
  return events.filter((e) => e.isStackEvent && e.status === status).length;
}
