import { describe, expect, it } from 'vitest';
import { labStateWords } from './lab-state-words';

describe('lab states in words', () => {
  it('says what a learner reads for the app record of a lab', () => {
    expect(labStateWords({ state: 'CREATE_COMPLETE', group: 'up', ready: true })).toBe('Running');
    expect(labStateWords({ state: 'CREATE_COMPLETE', group: 'up', ready: false })).toBe('Starting');
    expect(labStateWords({ state: 'SUSPEND_COMPLETE', group: 'down', ready: false })).toBe('Suspended');
    expect(labStateWords({ state: 'SUSPEND_IN_PROGRESS', group: 'pending', ready: false })).toBe('Suspending');
    expect(labStateWords({ state: 'RESUME_IN_PROGRESS', group: 'pending', ready: false })).toBe('Resuming');
    expect(labStateWords({ state: 'LAUNCH_PENDING', group: 'pending', ready: false })).toBe('Launching');
    expect(labStateWords({ state: 'CREATE_FAILED', group: 'failed', ready: false })).toBe('Failed');
    expect(labStateWords({ state: 'DELETE_COMPLETE', group: 'down', error: 'The cloud no longer has this lab.' })).toBe('Gone');
    expect(labStateWords({ state: 'DELETE_COMPLETE', group: 'down', error: null })).toBe('Deleted');
  });

  it("says Running for an up row of an instructor's cohort, where Heat alone cannot tell readiness", () => {
    expect(labStateWords({ state: 'RESUME_COMPLETE', group: 'up' })).toBe('Running');
    expect(labStateWords({ state: 'CHECK_COMPLETE', group: 'down' })).toBe('Suspended');
  });
});
