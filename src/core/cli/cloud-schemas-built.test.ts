import { describe, expect, it } from 'vitest';

/** What zod calls with every schema it builds (zod/v4/core: `globalConfig.postProcessor`). */
interface ZodGlobalConfig {
  postProcessor?: (schema: unknown) => void;
}

describe('the schemas the cloud commands build as their modules load', () => {
  it('leave out those only other commands and writes read (stacks, events, settings patches, lab costs)', async () => {
    // Set before zod loads: zod keeps a global config it finds (zod/v4/core/core.js).
    const sites: string[] = [];
    (globalThis as { __zod_globalConfig?: ZodGlobalConfig }).__zod_globalConfig = {
      postProcessor: () => {
        const frames = new Error().stack?.split('\n') ?? [];
        sites.push(
          frames.find((f) => f.includes('/src/') && !f.includes('cloud-schemas-built'))?.replace(/^.*\/src\/|:\d+\)?$/g, '') ?? '?',
        );
      },
    };
    // What the cloud commands' start-up blob loads and warms (src/core/cli/cli-snapshot-entry.ts).
    await Promise.all([import('./commands/cloud'), import('../openstack/openstack-client'), import('../openstack/check-cloud')]);
    const { warmCloudParsing } = await import('./snapshot-cloud-warm-up');
    warmCloudParsing();

    const byFile = Object.fromEntries(
      sites.map((site) => site.replace(/:\d+$/, '')).map((file, _, all) => [file, all.filter((f) => f === file).length]),
    );
    // node deserialises the cloud commands' start-up blob object by object at every start, and a
    // schema is ~15 objects before its first parse. These modules build a lazy wrapper (z.lazy) for
    // each schema only other commands or writes read, and the shapes a cloud command reads (Heat's
    // fault, Keystone's token, the settings file): 361 schemas, 564 when all were built.
    expect(byFile['core/openstack/heat/results.ts']).toBeLessThan(30);
    expect(byFile['core/openstack/keystone/results.ts']).toBeLessThan(65);
    expect(byFile['shared/openstack/stack.ts']).toBeLessThan(10);
    expect(byFile['shared/openstack/cloud-health.ts']).toBeLessThan(10);
    expect(byFile['shared/labs/lab-rates.ts']).toBeLessThan(40);
    expect(byFile['shared/contract/settings.ts']).toBeLessThan(110);
    expect(sites.length, JSON.stringify(byFile, null, 1)).toBeLessThan(400);
  });
});
