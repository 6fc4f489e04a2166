import { describe, expect, it } from 'vitest';
import type { LabCost } from '../../../shared/labs/lab-rates';
import { CliText } from '../cli-text';
import { describeCost } from './lab-cost-text';

const english = new CliText('en');

const cost: LabCost = {
  month: '2026-11',
  runningSeconds: 5400,
  suspendedSeconds: 1800,
  cost: 1.23,
  perHourNow: 0.02,
  rate: { runningPerHour: 0.8, suspendedPerHour: 0.02, currency: 'EUR', source: 'course', flavors: ['m1.large'] },
  at: '2026-11-20T10:00:00.000Z',
};

describe('lab status cost lines', () => {
  it('prints the month cost and the price per hour now with where the rates come from', () => {
    const lines = describeCost(english, cost, null);
    expect(lines[0]).toMatch(/^Cost this month \(2026-11\): .*1\.23.* \(1\.50 h running, 0\.50 h suspended\)$/);
    expect(lines[1]).toMatch(/^Cost per hour now: .*0\.02.* \(rates from the course, flavors m1\.large\)$/);
  });

  it('prints hours alone without rates, and the problem when there is no cost', () => {
    expect(describeCost(english, { ...cost, cost: null, perHourNow: null, rate: null }, 'No rates are set.')).toEqual([
      'This month (2026-11): 1.50 h running, 0.50 h suspended.',
      'No rates are set.',
    ]);
    expect(describeCost(english, null, 'No lab now: nothing is billed.')).toEqual(['No lab now: nothing is billed.']);
  });

  it('writes numbers and money as the run’s language does (German: decimal comma, euro after the amount)', () => {
    const lines = describeCost(new CliText('de'), cost, null);
    expect(lines[0]).toBe('Kosten diesen Monat (2026-11): 1,23\u00a0€ (1,50 h gelaufen, 0,50 h angehalten)');
    expect(lines[1]).toBe('Kosten pro Stunde jetzt: 0,02\u00a0€ (Preise des Kurses, Flavors m1.large)');
  });
});
