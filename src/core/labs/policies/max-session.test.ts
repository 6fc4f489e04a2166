import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../lab-store';
import { sessionLength, sessionStart } from './max-session';

function entry(state: string, running: boolean, at: number): LedgerEntry {
  return { courseId: 'c', userId: 'u', stackName: 's', provider: 'p', state, running, detail: null, at };
}

describe('session start from the ledger', () => {
  it('is the first up state since the lab last stopped running', () => {
    expect(
      sessionStart([
        entry('CREATE_IN_PROGRESS', true, 1),
        entry('CREATE_COMPLETE', true, 2),
        entry('SUSPEND_COMPLETE', false, 3),
        entry('LAUNCH_PENDING', false, 4),
        entry('RESUME_COMPLETE', true, 5),
        entry('LAUNCH_PENDING', true, 6),
        entry('RESUME_COMPLETE', true, 7),
      ]),
    ).toBe(5);
  });

  it('falls back to the start of the running interval, and is null for a lab that does not run', () => {
    expect(sessionStart([entry('CREATE_IN_PROGRESS', true, 1), entry('LAUNCH_PENDING', true, 2)])).toBe(1);
    expect(sessionStart([entry('CREATE_COMPLETE', true, 1), entry('SUSPEND_COMPLETE', false, 2)])).toBeNull();
    expect(sessionStart([])).toBeNull();
  });
});

describe('session length as the learner reads it', () => {
  it('uses hours and minutes, and seconds only for short sessions', () => {
    expect(sessionLength(4 * 3600)).toBe('4 h');
    expect(sessionLength(5400)).toBe('1 h 30 min');
    expect(sessionLength(45 * 60)).toBe('45 min');
    expect(sessionLength(20)).toBe('20 s');
  });
});
