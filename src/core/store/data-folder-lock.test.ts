import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import { DataFolderBusyError, dataFolderLock } from './data-folder-lock';

const homes: Array<{ remove(): void }> = [];
afterEach(() => homes.splice(0).forEach((h) => h.remove()));

/** Another process that takes the folder's lock and keeps it until it dies. */
async function holderProcess(folder: string) {
  const moduleUrl = new URL('./data-folder-lock.ts', import.meta.url).href;
  const script = `import { dataFolderLock } from ${JSON.stringify(moduleUrl)};
dataFolderLock(${JSON.stringify(folder)}).hold(() => { console.log('held'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
  });
  return { kill: async () => (child.kill('SIGKILL'), await exited) };
}

describe('dataFolderLock', () => {
  it(
    'makes another process wait, names the folder when it waits too long, and is free again the moment its holder is killed',
    { timeout: 60_000 },
    async () => {
      const home = tempHome('lc-lock-');
      homes.push(home);
      const holder = await holderProcess(home.path);
      const lock = dataFolderLock(join(home.path, '.'), { timeoutMs: 300 });
      expect(() => lock.hold(() => 'never')).toThrow(DataFolderBusyError);
      expect(() => lock.hold(() => 'never')).toThrow(join(home.path, 'lab-console.lock'));
      await holder.kill();
      // Within the 300 ms timeout: the dead holder left no lock behind.
      expect(lock.hold(() => 'mine')).toBe('mine');
    },
  );

  it('is reentrant within a process and refuses work that would outlive it', () => {
    const home = tempHome('lc-lock-');
    homes.push(home);
    const lock = dataFolderLock(home.path);
    expect(dataFolderLock(join(home.path, 'x', '..'))).toBe(lock);
    expect(lock.hold(() => lock.hold(() => 'inner'))).toBe('inner');
    expect(() => lock.hold(() => Promise.resolve())).toThrow(/synchronous/);
    expect(lock.hold(() => 'free again')).toBe('free again');
  });
});
