import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_BUNDLING } from '../../scripts/cli-snapshot.mjs';
import { REPO_ROOT } from '../support/serve-process';

/** Modules whose error classes' names reach the logs (src/core/log/redact.ts) and stack traces. */
const ERROR_MODULES = ['src/core/openstack/errors.ts', 'src/core/openstack/heat/template-files.ts', 'src/core/connect/ssh/ssh-errors.ts'];

/** Bases that name no error of their own: only their subclasses are thrown. */
const ABSTRACT_BASES = new Set(['OpenStackError', 'SshError']);

/** Any argument a constructor may read: every property, call and conversion gives something. */
const anything: unknown = new Proxy(function anything() {}, {
  get: (_target, key) => (key === Symbol.toPrimitive ? () => 'x' : key === Symbol.iterator ? () => [][Symbol.iterator]() : anything),
  apply: () => anything,
});

/** The modules' exports, bundled as the CLI's start-up snapshot bundles them (minified). */
async function bundledExports(): Promise<Record<string, unknown>> {
  const contents = ERROR_MODULES.map((file) => `export * from ${JSON.stringify(`./${file}`)};`).join('\n');
  const result = await build({
    ...SNAPSHOT_BUNDLING,
    absWorkingDir: REPO_ROOT,
    stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'errors-entry.ts' },
    write: false,
    outfile: join(REPO_ROOT, 'dist', 'cli', 'names-test.cjs'),
  });
  const filename = join(REPO_ROOT, 'dist', 'cli', 'names-test.cjs');
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', '__filename', result.outputFiles[0]!.text)(
    module,
    module.exports,
    createRequire(filename),
    filename,
  );
  return module.exports;
}

describe('the start-up snapshot bundle', () => {
  it('keeps the names of the error classes, though it is minified', async () => {
    const exported = await bundledExports();
    const errorClasses = Object.entries(exported).filter(
      (entry): entry is [string, new (...args: unknown[]) => Error] =>
        typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
    );
    expect(errorClasses.length).toBeGreaterThan(15);
    const names = errorClasses
      .filter(([exportName]) => !ABSTRACT_BASES.has(exportName))
      .flatMap(([exportName, errorClass]) => {
        try {
          return [[exportName, new errorClass(anything, anything, anything, anything).name]];
        } catch {
          return [];
        }
      });
    expect(names.length).toBeGreaterThan(15);
    expect(Object.fromEntries(names)).toEqual(Object.fromEntries(names.map(([exportName]) => [exportName, exportName])));
  });
});
