import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { summariseProfile, type CpuProfile } from './cpu-profile-summary';

export interface PageProfiler {
  /** Stops profiling, writes the profile to `file`; answers the functions that took most, by self time. */
  stop(file: string): Promise<string>;
}

/** Chromium's sampling profiler on `page`'s main thread (CDP Profiler), from now until `stop`. */
export async function startPageProfile(page: Page): Promise<PageProfiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      return summariseProfile(profile);
    },
  };
}
