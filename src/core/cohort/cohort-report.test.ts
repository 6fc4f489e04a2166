import { describe, expect, it } from 'vitest';
import type { CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import { cohortReport, cohortReportCsv } from './cohort-report';

const row = (
  learner: string,
  userId: string,
  costMonth: number | null,
  runningSecondsMonth: number,
  score: number | null = null,
  activeSecondsMonth: number | null = null,
): CohortLab => ({
  stackId: `s-${learner}-${runningSecondsMonth}`,
  stackName: `lc-c-${userId}`,
  projectId: `p-${learner}`,
  projectName: `lab-${learner}`,
  userId,
  learner,
  courseId: 'c',
  courseVersion: '1.0.0',
  state: 'SUSPEND_COMPLETE',
  group: 'down',
  statusReason: '',
  since: null,
  createdAt: '',
  uptimeWeekSeconds: 0,
  lastActivity: null,
  costMonth,
  runningSecondsMonth,
  suspendedSecondsMonth: 60,
  activeSecondsMonth,
  wasteRatio: activeSecondsMonth ? runningSecondsMonth / activeSecondsMonth : null,
  perHourNow: 0,
  flavors: [],
  score,
});

const listing = (labs: CohortLab[], currency: string | null): CohortListing => ({
  courseId: 'c',
  cohort: 'spring',
  cloud: 'east',
  projectPattern: null,
  projects: 2,
  labs,
  totals: {
    labs: labs.length,
    running: 0,
    suspended: labs.length,
    failed: 0,
    pending: 0,
    costMonth: null,
    currency,
    runningSecondsMonth: 0,
    suspendedSecondsMonth: 0,
    activeSecondsMonth: null,
    wasteRatio: null,
  },
  runningSeries: [],
  problems: [],
  generatedAt: '2026-11-30T00:00:00.000Z',
  withEvents: true,
});

describe('the monthly cohort report', () => {
  it('adds up each learner labs and totals the learners, to the cent', () => {
    const report = cohortReport(
      listing([row('bob', 'u2', 0.1, 3600, 0.5), row('ann', 'u1', 1.25, 7200), row('bob', 'u2', 0.2, 1800, 1)], 'EUR'),
      '2026-11',
    );
    expect(report.learners.map((l) => [l.learner, l.labs, l.runningSeconds, l.cost, l.score])).toEqual([
      ['ann', 1, 7200, 1.25, null],
      ['bob', 2, 5400, 0.3, 1],
    ]);
    expect(report.totals).toEqual({
      learners: 2,
      labs: 3,
      runningSeconds: 12_600,
      suspendedSeconds: 180,
      activeSeconds: null,
      wasteRatio: null,
      cost: 1.55,
    });
    const csv = cohortReportCsv(report).split('\r\n');
    expect(csv[0]).toBe('learner,userId,projectName,labs,runningHours,suspendedHours,activeHours,wasteRatio,cost,currency,score');
    expect(csv[1]).toBe('ann,u1,lab-ann,1,2.0000,0.0167,,,1.25,EUR,');
    expect(csv[3]).toBe('TOTAL,,,3,3.5000,0.0500,,,1.55,EUR,');
  });

  it('counts active hours and billed ÷ active over the labs whose activity is known, an unknown one never as 0', () => {
    const report = cohortReport(
      listing([row('ann', 'u1', 1, 7200, null, 1800), row('ann', 'u1', 1, 3600, null, null), row('bob', 'u2', 1, 3600, null, 3600)], 'EUR'),
      '2026-11',
    );
    expect(report.learners.map((l) => [l.learner, l.activeSeconds, l.wasteRatio])).toEqual([
      ['ann', 1800, 4],
      ['bob', 3600, 1],
    ]);
    expect(report.totals).toMatchObject({ activeSeconds: 5400, wasteRatio: 2 });
    const csv = cohortReportCsv(report).split('\r\n');
    expect(csv[1]).toBe('ann,u1,lab-ann,2,3.0000,0.0333,0.5000,4.00,2.00,EUR,');
    const alone = cohortReport(listing([row('cy', 'u3', 1, 3600)], 'EUR'), '2026-11');
    expect(alone.learners[0]).toMatchObject({ activeSeconds: null, wasteRatio: null });
  });

  it('gives hours and no cost where no rates are known', () => {
    const report = cohortReport(listing([row('ann', 'u1', null, 600)], null), '2026-11');
    expect(report.learners[0]).toMatchObject({ cost: null, runningSeconds: 600 });
    expect(report.totals.cost).toBeNull();
  });
});
