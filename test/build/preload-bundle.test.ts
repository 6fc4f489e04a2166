import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';

const bundlePath = join(REPO_ROOT, 'dist', 'main', 'preload.cjs');

/**
 * A sandboxed preload is loaded as one CommonJS script that may require only "electron".
 * Electron cannot run here, so the bundle is run in a bare VM context with a recording stand-in
 * for the two Electron objects it uses.
 */
function loadPreload() {
  const exposed: Record<string, any> = {};
  const invoked: unknown[][] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: 'answer' });
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(bundlePath, 'utf8'), {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`preload required ${name}`);
      return electron;
    },
  });
  return { exposed, invoked, required };
}

describe('the preload bundle', () => {
  it('is CommonJS with no import statements and no require but electron', () => {
    const source = readFileSync(bundlePath, 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\bimport\(/);
    const requires = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });

  it('exposes only window.lab with call and on, and forwards contract calls to the call channel', async () => {
    const { exposed, invoked, required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['lab']);
    expect(Object.keys(exposed.lab).sort()).toEqual(['call', 'on']);
    await expect(exposed.lab.call('app.info', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([['lab:call', 'app.info', {}]]);
  });

  it('refuses names outside the contract before they reach the main process', async () => {
    const { exposed, invoked } = loadPreload();
    await expect(exposed.lab.call('fs.readFile', { path: '/etc/passwd' })).rejects.toThrow(/Unknown call/);
    expect(() => exposed.lab.on('not.an.event', () => undefined)).toThrow(/Unknown event/);
    expect(invoked).toEqual([]);
  });
});
