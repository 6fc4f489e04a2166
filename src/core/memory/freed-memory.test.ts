import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freedMemoryReturner } from './freed-memory';

/**
 * A child node fragments glibc's heap as a flood does: 48 MiB of 32 KiB blocks (below the mmap
 * threshold, so carved from the heap), every 64th kept, the rest freed. The kept blocks pin the
 * heap's top, so glibc's automatic trim returns nothing; then the child prints the `[heap]`
 * mapping's resident KiB before and after returnFreedMemory().
 */
const FRAGMENT_THEN_RETURN = `
  const { readFileSync } = require('node:fs');
  const heapKiB = () => {
    const smaps = readFileSync('/proc/self/smaps', 'utf8').split('\\n');
    const at = smaps.findIndex((line) => line.endsWith('[heap]'));
    return Number(/^Rss:\\s+(\\d+)/.exec(smaps.slice(at).find((line) => line.startsWith('Rss:')))[1]);
  };
  let blocks = Array.from({ length: 1536 }, () => Buffer.allocUnsafeSlow(32 * 1024).fill(1));
  const kept = blocks.filter((_, i) => i % 64 === 63);
  blocks = undefined;
  gc();
  // V8 frees the blocks' memory from a background task after the collection: wait until it has.
  const freed = async () => {
    for (let i = 0; i < 100 && process.memoryUsage().arrayBuffers > 8 * 2 ** 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      gc();
    }
  };
  freed().then(() => import(process.argv[1])).then(({ returnFreedMemory }) => {
    const before = heapKiB();
    const result = returnFreedMemory();
    console.log(JSON.stringify({ before, after: heapKiB(), result, kept: kept.length }));
  });
`;

describe('returnFreedMemory', () => {
  it.runIf(process.platform === 'linux')("gives the free pages inside glibc's heap back: the heap's resident size falls", () => {
    const module = new URL('./freed-memory.ts', import.meta.url).pathname;
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', FRAGMENT_THEN_RETURN, module], {
      encoding: 'utf8',
      // The launcher's allocator settings: the heap must keep what was freed even with them.
      env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '65536' },
    });
    const { before, after, result } = JSON.parse(out) as { before: number; after: number; result: string };
    expect(result).toBe('released');
    // ~47 MiB were freed between pinned blocks; most of it was resident before and is not after.
    expect(before - after).toBeGreaterThan(32 * 1024);
  });

  it('is a no-op when the native part cannot load (no glibc, no build)', () => {
    let loads = 0;
    const returnFreed = freedMemoryReturner(() => {
      loads += 1;
      throw new Error('Cannot find module');
    });
    expect(returnFreed()).toBe('unavailable');
    expect(returnFreed()).toBe('unavailable');
    expect(loads).toBe(1);
  });

  it('says whether memory was released', () => {
    const results = [true, false];
    const returnFreed = freedMemoryReturner(() => ({ trim: () => results.shift()! }));
    expect([returnFreed(), returnFreed()]).toEqual(['released', 'nothing']);
  });
});
