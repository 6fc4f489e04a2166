import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../time/clock';
import { AuthFailedError, NetworkError } from '../errors';
import { CloudHealthMonitor } from './cloud-health-monitor';
import { CloudRecheck } from './cloud-recheck';

const heat = { method: 'GET', url: 'http://heat.example/v1/p/build_info', service: 'orchestration' } as const;
const answer = { status: 200, headers: {}, text: '{}', url: heat.url };

describe('asking a cloud again while it does not answer', () => {
  it('probes every interval while the cloud is down, and stops once it answers', async () => {
    const clock = systemClock;
    const monitor = new CloudHealthMonitor({ cloud: 'school', clock });
    let probes = 0;
    let cloudBack = false;
    const probe = async (): Promise<void> => {
      probes++;
      const attempt = monitor.begin(heat);
      if (cloudBack) attempt.answered(answer);
      else attempt.failed(new NetworkError('heat.example', 'refused', 'connect ECONNREFUSED', false));
    };
    const recheck = new CloudRecheck({ monitor, probe, clock, everyMs: 100 });
    await sleep(250);
    expect(probes).toBe(0);
    monitor.begin(heat).failed(new NetworkError('heat.example', 'refused', 'connect ECONNREFUSED', false));
    await vi.waitFor(() => expect(probes).toBe(1), { timeout: 2_000, interval: 10 });
    cloudBack = true;
    await vi.waitFor(() => expect(probes).toBe(2), { timeout: 2_000, interval: 10 });
    expect(monitor.snapshot().problem).toBeNull();
    await sleep(400);
    expect(probes).toBe(2);
    recheck.stop();
  });

  it('never signs in again on its own after a refused sign-in (clouds lock accounts)', async () => {
    const clock = systemClock;
    const monitor = new CloudHealthMonitor({ cloud: 'school', clock });
    let probes = 0;
    const recheck = new CloudRecheck({ monitor, probe: async () => void probes++, clock, everyMs: 50 });
    monitor
      .begin({ method: 'POST', url: 'http://keystone.example/v3/auth/tokens', service: 'identity' })
      .failed(new AuthFailedError('school', 'learner', 'The request you have made requires authentication.', 401));
    expect(monitor.snapshot().problem?.kind).toBe('credentials');
    await sleep(300);
    expect(probes).toBe(0);
    recheck.stop();
  });
});
