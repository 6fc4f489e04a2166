import { describe, expect, it, vi } from 'vitest';
import type * as V8 from 'node:v8';

const flags: string[] = [];
vi.mock('node:v8', async (original) => ({
  ...(await original<typeof V8>()),
  setFlagsFromString: (flag: string) => flags.push(flag),
}));

const { prepareCliProcess } = await import('./cli-startup');

describe('prepareCliProcess', () => {
  it('turns allocation-site pretenuring off before any command loads (serve relays desktops in young objects)', () => {
    prepareCliProcess();
    expect(flags).toContain('--no-allocation-site-pretenuring');
  });
});
