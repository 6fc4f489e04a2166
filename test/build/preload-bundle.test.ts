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
  const sent: unknown[][] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const posted: unknown[][] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: 'answer' });
      },
      send: (...args: unknown[]) => sent.push(args),
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
      removeListener: () => undefined,
    },
  };
  const window = {
    location: { origin: 'app://lab-console' },
    postMessage: (...args: unknown[]) => posted.push(args),
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(bundlePath, 'utf8'), {
    module,
    exports: module.exports,
    window,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`preload required ${name}`);
      return electron;
    },
  });
  return { exposed, invoked, sent, listeners, posted, required };
}

describe('the preload bundle', () => {
  it('is CommonJS with no import statements and no require but electron', () => {
    const source = readFileSync(bundlePath, 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\bimport\(/);
    const requires = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });

  it('exposes only window.lab with call, on and openStream, and forwards contract calls to the call channel', async () => {
    const { exposed, invoked, required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['lab']);
    expect(Object.keys(exposed.lab).sort()).toEqual(['call', 'on', 'openStream']);
    await expect(exposed.lab.call('app.info', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([['lab:call', 'app.info', {}]]);
  });

  it('refuses names outside the contract before they reach the main process', async () => {
    const { exposed, invoked } = loadPreload();
    await expect(exposed.lab.call('fs.readFile', { path: '/etc/passwd' })).rejects.toThrow(/Unknown call/);
    expect(() => exposed.lab.on('not.an.event', () => undefined)).toThrow(/Unknown event/);
    expect(invoked).toEqual([]);
  });

  it('asks main for a session stream and hands the port it gets to its own page only', () => {
    const { exposed, sent, listeners, posted } = loadPreload();
    exposed.lab.openStream('abcdefgh12345678');
    expect(sent).toEqual([['lab:stream', 'abcdefgh12345678']]);
    const port = { fake: 'port' };
    listeners.get('lab:stream')!({ ports: [port] }, 'abcdefgh12345678');
    expect(posted).toEqual([[{ labStreamPort: 'abcdefgh12345678' }, 'app://lab-console', [port]]]);
    expect(() => exposed.lab.openStream(42)).toThrow(/session id/);
  });
});
