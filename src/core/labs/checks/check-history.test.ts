import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/database';
import { CheckHistory } from './check-history';

const report = (passed: boolean[]) => ({
  outcomes: passed.map((ok, i) => ({
    script: `checks/c${i}.sh`,
    passed: ok,
    ...(ok ? {} : { hint: `hint ${i}` }),
    timedOut: false,
    durationMs: 5,
  })),
  passed: passed.filter(Boolean).length,
  total: passed.length,
  score: passed.length ? passed.filter(Boolean).length / passed.length : 1,
});

describe('check history', () => {
  it('keeps every run with its per-check results and hints, newest first, per step or per course', () => {
    const history = new CheckHistory(openDatabase({ path: ':memory:' }));
    history.record({ courseId: 'c1', userId: 'u', stepId: 'one', report: report([false, true]), source: 'cli', at: 1000 });
    const latest = history.record({ courseId: 'c1', userId: 'u', stepId: 'one', report: report([true, true]), source: 'app', at: 2000 });
    history.record({ courseId: 'c1', userId: 'u', stepId: 'two', report: report([false]), source: 'app', at: 3000 });
    history.record({ courseId: 'other', userId: 'u', stepId: 'one', report: report([true]), source: 'app', at: 4000 });

    expect(latest).toMatchObject({ courseId: 'c1', stepId: 'one', passed: 2, total: 2, score: 1, source: 'app', at: 2000 });
    const one = history.list('c1', { stepId: 'one' });
    expect(one.map((r) => [r.at, r.passed, r.source])).toEqual([
      [2000, 2, 'app'],
      [1000, 1, 'cli'],
    ]);
    expect(one[1]!.outcomes[0]).toMatchObject({ script: 'checks/c0.sh', passed: false, hint: 'hint 0' });
    expect(one[1]!.score).toBe(0.5);
    expect(history.list('c1').map((r) => r.stepId)).toEqual(['two', 'one', 'one']);
    expect(history.list('c1', { limit: 1 })).toHaveLength(1);
  });
});
