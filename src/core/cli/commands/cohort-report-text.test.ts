import { describe, expect, it } from 'vitest';
import type { CohortReport } from '../../../shared/cohort/cohort-report';
import { CliText } from '../cli-text';
import { reportText } from './cohort-report-text';

const report: CohortReport = {
  courseId: 'c',
  month: '2026-11',
  cloud: 'east',
  cohort: null,
  currency: 'EUR',
  learners: [
    {
      learner: 'ann',
      userId: 'u1',
      projectName: 'lab-ann',
      labs: 1,
      runningSeconds: 7200,
      suspendedSeconds: 0,
      activeSeconds: 1800,
      wasteRatio: 4,
      cost: 1,
      score: null,
    },
    {
      learner: 'bob',
      userId: 'u2',
      projectName: 'lab-bob',
      labs: 1,
      runningSeconds: 3600,
      suspendedSeconds: 0,
      activeSeconds: null,
      wasteRatio: null,
      cost: 1,
      score: null,
    },
  ],
  totals: { learners: 2, labs: 2, runningSeconds: 10_800, suspendedSeconds: 0, activeSeconds: 1800, wasteRatio: 4, cost: 2 },
  problems: [],
  generatedAt: '2026-11-30T00:00:00.000Z',
};

describe('cohort report as text', () => {
  it('has active hours and billed ÷ active per learner and in the totals, unknown as "—"', () => {
    const lines = reportText(new CliText('en'), report).split('\n');
    expect(lines[1]).toMatch(/ACTIVE H\s+BILLED\/ACTIVE/);
    expect(lines.find((l) => l.startsWith('ann'))).toMatch(/0\.50\s+4\.00×/);
    expect(lines.find((l) => l.startsWith('bob'))).toMatch(/1\.00\s+0\.00\s+—\s+—/);
    expect(lines.find((l) => l.startsWith('TOTAL'))).toMatch(/3\.00\s+0\.00\s+0\.50\s+4\.00×/);
  });
});
