import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freeXDisplay } from '../../test/support/x-display';

// Far above the displays the benches and the sandbox use.
const DISPLAY = 917;
const LOCK = `/tmp/.X${DISPLAY}-lock`;
const lockOf = (pid: number) => writeFileSync(LOCK, `${String(pid).padStart(10)}\n`);

describe('freeXDisplay', () => {
  afterEach(() => rmSync(LOCK, { force: true }));

  it('takes a display whose X server was killed and left its lock behind', () => {
    const gone = spawnSync('true').pid!;
    lockOf(gone);
    expect(freeXDisplay(DISPLAY, DISPLAY + 1)).toBe(DISPLAY);
    expect(existsSync(LOCK)).toBe(false);
  });

  it("leaves a running server's display alone", () => {
    lockOf(process.pid);
    expect(() => freeXDisplay(DISPLAY, DISPLAY + 1)).toThrow(`No free X display number between ${DISPLAY} and ${DISPLAY}.`);
    expect(existsSync(LOCK)).toBe(true);
  });
});
