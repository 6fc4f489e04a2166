import { describe, expect, it } from 'vitest';
import { startJobsChild } from '../../../test/support/jobs-process';
import { crashPoint } from './crash-points';

describe('crashPoint', () => {
  it('kills the process with SIGKILL when LAB_CONSOLE_CRASH_AT names the point', async () => {
    const child = startJobsChild(['crash-at', 'after-create-post'], { LAB_CONSOLE_CRASH_AT: 'after-create-post' });
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(child.lines).toEqual([]);
  });

  it('lets the process go on at every other point', async () => {
    const child = startJobsChild(['crash-at', 'after-create-post'], { LAB_CONSOLE_CRASH_AT: 'after-suspend-post' });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.lines).toEqual([{ event: 'survived', pid: child.process.pid }]);
  });

  it('does nothing when no crash point is set', () => {
    expect(() => crashPoint('after-create-post', {})).not.toThrow();
  });
});
