import { describe, expect, it } from 'vitest';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import { cohortLab } from './cohort-lab-fixture';
import { visibleRows } from './cohort-table-model';

const lab = (learner: string, group: CohortLab['group'], costMonth: number | null): CohortLab =>
  cohortLab(learner, { stackId: learner, state: group === 'up' ? 'CREATE_COMPLETE' : 'SUSPEND_COMPLETE', group, costMonth });

describe('the cohort table model', () => {
  const labs = [lab('lab-learner10', 'up', 3), lab('lab-learner2', 'down', null), lab('lab-learner1', 'up', 5)];

  it('filters by group and searches learners, sorting names numerically', () => {
    expect(visibleRows(labs, 'up', '', { key: 'learner', dir: 'asc' }).map((l) => l.learner)).toEqual(['lab-learner1', 'lab-learner10']);
    expect(visibleRows(labs, 'all', 'LEARNER2', { key: 'learner', dir: 'asc' }).map((l) => l.learner)).toEqual(['lab-learner2']);
  });

  it('puts unknown values last in either direction', () => {
    expect(visibleRows(labs, 'all', '', { key: 'costMonth', dir: 'desc' }).map((l) => l.costMonth)).toEqual([5, 3, null]);
    expect(visibleRows(labs, 'all', '', { key: 'costMonth', dir: 'asc' }).map((l) => l.costMonth)).toEqual([3, 5, null]);
  });
});
