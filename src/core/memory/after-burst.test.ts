import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AfterBurstMemoryReturn } from './after-burst';

function rig(windowMs: number) {
  let returns = 0;
  let collect: (() => void) | undefined;
  let now = 0;
  const afterBurst = new AfterBurstMemoryReturn({
    returnFreed: () => {
      returns += 1;
      return 'released';
    },
    watch: (listener) => {
      collect = listener;
      return () => {
        collect = undefined;
      };
    },
    windowMs,
    delayMs: 10,
    now: () => now,
  });
  return {
    afterBurst,
    returns: () => returns,
    collect: () => collect?.(),
    watching: () => collect !== undefined,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('AfterBurstMemoryReturn', () => {
  it('gives memory back when a burst ends, then after each collection within the window', async () => {
    const r = rig(1000);
    r.afterBurst.burstEnded();
    await sleep(30);
    expect(r.returns()).toBe(1);
    r.collect();
    await sleep(30);
    expect(r.returns()).toBe(2);
    r.advance(500);
    r.collect();
    await sleep(30);
    expect(r.returns()).toBe(3);
  });

  it('stops watching collections once the window is over', async () => {
    const r = rig(1000);
    r.afterBurst.burstEnded();
    await sleep(30);
    r.advance(1001);
    r.collect();
    await sleep(30);
    expect(r.returns()).toBe(1);
    expect(r.watching()).toBe(false);
  });

  it('gives memory back once for collections close together', async () => {
    const r = rig(1000);
    r.afterBurst.burstEnded();
    r.collect();
    r.collect();
    await sleep(30);
    expect(r.returns()).toBe(1);
  });
});
