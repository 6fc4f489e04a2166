import { describe, expect, it } from 'vitest';
import type { LabView } from '../../shared/labs';
import { countdown, labClockModel } from './lab-clock';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);

function view(clock: LabView['clock'], limitHours: number | null = null, runningHours = 0): LabView {
  return {
    courseId: 'c',
    lab: null,
    activity: null,
    usage: { runningHours, limitHours, blocked: false },
    update: null,
    cloud: null,
    clock,
  };
}

const idle = (suspendBy: number, lastActivityAt: number | null) => ({ suspendBy, timeoutSeconds: 120, lastActivityAt });

describe('the lab clock', () => {
  it('counts down to the idle suspend only while the learner is idle', () => {
    const working = labClockModel(view({ idle: idle(NOW + 118_000, NOW - 2_000), session: null }), NOW);
    expect(working?.idle).toEqual({ text: 'Suspends after 2 min idle', counting: false, soon: false });
    const idleFor = labClockModel(view({ idle: idle(NOW + 102_000, NOW - 18_000), session: null }), NOW);
    expect(idleFor?.idle).toEqual({ text: 'Idle: suspends in 1:42', counting: true, soon: false });
    const soon = labClockModel(view({ idle: idle(NOW + 45_000, null), session: null }), NOW);
    expect(soon?.idle).toEqual({ text: 'Idle: suspends in 0:45', counting: true, soon: true });
  });

  it('shows the session end with the extensions taken and offers the next one while some are left', () => {
    const session = { startedAt: NOW - 3_600_000, endsAt: NOW + 5_400_000, maxSessionSeconds: 7200, extensionSeconds: 1800 };
    const one = labClockModel(view({ idle: null, session: { ...session, extensionsUsed: 1, maxExtensions: 2 } }), NOW)!.session!;
    expect(one.text).toMatch(/^Session ends \d\d:\d\d \(in 1:30:00\)$/);
    expect(one.extensions).toBe('Extended 1 of 2 times');
    expect(one.extend).toBe('Extend by 30 min');
    const all = labClockModel(view({ idle: null, session: { ...session, extensionsUsed: 2, maxExtensions: 2 } }), NOW)!.session!;
    expect(all.extend).toBeNull();
    const none = labClockModel(view({ idle: null, session: { ...session, extensionsUsed: 0, maxExtensions: 0 } }), NOW)!.session!;
    expect(none.extensions).toBeNull();
  });

  it('shows the lab hours left under the usage limit, also while the lab is down', () => {
    expect(labClockModel(view(null, 10, 3.5), NOW)?.usage).toEqual({ text: 'Lab hours left: 6.5 of 10 h', over: false });
    expect(labClockModel(view(null, 10, 10.25), NOW)?.usage).toEqual({ text: 'Lab hours used up: 10.3 of 10 h', over: true });
    expect(labClockModel(view(null), NOW)).toBeNull();
  });

  it('writes time left as m:ss, and h:mm:ss past an hour', () => {
    expect(countdown(59_001)).toBe('1:00');
    expect(countdown(-5)).toBe('0:00');
    expect(countdown(3_723_000)).toBe('1:02:03');
  });
});
