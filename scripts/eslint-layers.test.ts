import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The project's own eslint.config.js, as `npm test` runs it: a file that passes here passes there.
const root = dirname(dirname(fileURLToPath(import.meta.url)));
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layering messages for `code` written at `file` (relative to the project). */
async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

describe('the layering rule', () => {
  it('refuses an import() in core of a folder above it, and of the Electron shell', async () => {
    expect(await layerProblems('src/core/labs/probe.ts', "export const load = () => import('../app/app-context');\n")).toEqual([
      expect.stringContaining('src/core/labs must not import src/core/app'),
    ]);
    expect(await layerProblems('src/core/labs/probe.ts', "export const load = () => import('../../main/main');\n")).toEqual([
      expect.stringContaining('src/core must not import the layers above it'),
    ]);
  });

  it('refuses an import() or require() of core in the renderer', async () => {
    expect(await layerProblems('src/renderer/lab/Probe.tsx', "export const load = () => import('../../core/labs/lab-service');\n")).toEqual(
      [expect.stringContaining('The renderer talks to the app only through src/shared/contract')],
    );
    expect(await layerProblems('src/renderer/lab/probe.ts', "export const fs = require('node:fs');\n")).toEqual([
      expect.stringContaining('The renderer has no Node'),
    ]);
  });

  it('refuses ssh2 in shared, imported, required or loaded later', async () => {
    for (const code of [
      "import 'ssh2';\n",
      "export const ssh = require('ssh2');\n",
      "export const ssh = () => import('ssh2');\n",
      "import { Client } from 'ssh2';\nexport { Client };\n",
    ]) {
      expect(await layerProblems('src/shared/ssh/probe.ts', code), code).toEqual([
        expect.stringContaining('src/shared runs on both sides: no package that needs Node'),
      ]);
    }
  });

  it('refuses Node modules, network packages and packages not known to run anywhere in shared', async () => {
    expect(await layerProblems('src/shared/probe.ts', "import { request } from 'undici';\nexport { request };\n")).toEqual([
      expect.stringContaining('needs Node'),
    ]);
    expect(await layerProblems('src/shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n")).toEqual([
      expect.stringContaining('src/shared runs on both sides: no Node modules'),
    ]);
    expect(await layerProblems('src/shared/probe.ts', "import pad from 'left-pad';\nexport { pad };\n")).toEqual([
      expect.stringContaining('only packages that run anywhere'),
    ]);
    expect(await layerProblems('src/shared/probe.ts', "import { useState } from 'react';\nexport { useState };\n")).toEqual([
      expect.stringContaining('no React'),
    ]);
    expect(await layerProblems('src/shared/probe.ts', "export type Db = typeof import('../core/store/database');\n")).toEqual([
      expect.stringContaining('src/shared imports nothing else of ours'),
    ]);
  });

  it('refuses an arrow back up between the folders of core, and one between folders of the same row', async () => {
    expect(await layerProblems('src/core/openstack/probe.ts', "export { LabService } from '../labs/lab-service';\n")).toEqual([
      expect.stringContaining('src/core/openstack must not import src/core/labs'),
    ]);
    expect(await layerProblems('src/core/courses/probe.ts', "export * from '../cli/cli-main';\n")).toEqual([
      expect.stringContaining('must not import src/core/cli'),
    ]);
    expect(
      await layerProblems(
        'src/core/cohort/probe.ts',
        "import type { EnrolmentService } from '../enrolment/enrolment-service';\nexport type E = EnrolmentService;\n",
      ),
    ).toEqual([expect.stringContaining('src/core/cohort and src/core/enrolment sit side by side')]);
  });

  it('asks a new folder of core for its place in the order', async () => {
    expect(await layerProblems('src/core/vnc/probe.ts', "export { systemClock } from '../time/clock';\n")).toEqual([
      expect.stringContaining('src/core/vnc has no place in the order of src/core'),
    ]);
  });

  it('refuses an import it cannot read the path of', async () => {
    expect(await layerProblems('src/core/labs/probe.ts', 'export const load = (name: string) => import(name);\n')).toEqual([
      expect.stringContaining('only imports whose path is written out'),
    ]);
  });

  it('lets legal imports through: down the layers, down core, within a folder, and the one exception', async () => {
    const legal: [string, string][] = [
      [
        'src/core/labs/probe.ts',
        "import { systemClock } from '../time/clock';\nimport { LabStore } from './lab-store';\nexport const load = () => import('../openstack/errors');\nexport { systemClock, LabStore };\n",
      ],
      ['src/core/cli/probe.ts', "export const load = () => import('../app/app-context');\nexport const z = require('zod');\n"],
      ['src/core/connect/rdp/probe.ts', "export const rdp = require('node-rdpjs-2');\n"],
      ['src/shared/probe.ts', "import { z } from 'zod';\nimport { calls } from './contract';\nexport { z, calls };\n"],
      ['src/shared/probe.test.ts', "import { it } from 'vitest';\nit('runs', () => undefined);\n"],
      [
        'src/renderer/lab/Probe.tsx',
        "import { useState } from 'react';\nexport const load = () => import('../../shared/contract');\nexport { useState };\n",
      ],
      [
        'src/main/probe.ts',
        "import { app } from 'electron';\nexport const load = () => import('../core/app/app-context');\nexport { app };\n",
      ],
      [
        'src/server/probe.ts',
        "import { WebSocketServer } from 'ws';\nexport const load = () => import('../core/app/app-context');\nexport { WebSocketServer };\n",
      ],
      ['src/core/cli/commands/serve.ts', "export const start = () => import('../../../server/browser-server');\n"],
    ];
    for (const [file, code] of legal) expect(await layerProblems(file, code), file).toEqual([]);
  });

  it('only serve.ts may reach up into browser mode', async () => {
    expect(
      await layerProblems('src/core/cli/commands/lab.ts', "export const start = () => import('../../../server/browser-server');\n"),
    ).toEqual([expect.stringContaining('src/core must not import the layers above it')]);
  });
});

describe('the package lists of the layering rule', () => {
  it('place every runtime dependency in exactly one list: Node, DOM or portable', async () => {
    const config = (await import(pathToFileURL(join(root, 'eslint.config.js')).href)) as Record<
      'NODE_PACKAGES' | 'DOM_PACKAGES' | 'PORTABLE_PACKAGES',
      string[]
    >;
    const lists = [config.NODE_PACKAGES, config.DOM_PACKAGES, config.PORTABLE_PACKAGES];
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(pkg.dependencies)) {
      const inLists = lists.filter((list) =>
        list.some((entry) => (entry.endsWith('/*') ? name.startsWith(entry.slice(0, -1)) : entry === name)),
      );
      expect(inLists, name).toHaveLength(1);
    }
  });
});
