/**
 * A lab job that failed with a sentence the app composed from the `messages` catalogue (its key and
 * parameters travel with the lab view) shows in the reader's language, Heat's reason as it is in the
 * details; an error without a key, or with a key this catalogue lacks, shows as the app wrote it.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { LabView } from '../../shared/labs';
import { ApiProvider } from '../api/api-context';
import { translator } from '../i18n/translator';
import { labMessages } from './lab-message';
import { LabControls } from './LabControls';
import { activityOf, labOf, viewOf } from './lab-fixtures.test-support';

const NOW = Date.parse('2026-03-10T14:00:00');

// As the core sends a launch whose create Heat refused (src/core/labs/lab-errors.ts).
const createFailed = activityOf('lab.launch', 'failed', {
  error: 'The lab could not be created on cloud "school". Heat\'s reason: Resource CREATE failed: ValueError',
  errorKind: 'create_failed',
  errorMessageKey: 'lab.failure.withDetail',
  errorMessageParams: {
    sentence: { key: 'lab.failure.createFailed', params: { cloud: 'school' } },
    detail: { key: 'lab.failure.heatReason', params: { reason: 'Resource CREATE failed: ValueError' } },
  },
});
const failedLaunch = viewOf(labOf('LAUNCH_ERROR', 'failed', { stackId: null }), createFailed);

function show(view: LabView): void {
  const api = { call: vi.fn(async () => view), on: () => () => undefined } as unknown as LabApi;
  render(
    <ApiProvider api={api}>
      <LabControls courseId="intro-linux" />
    </ApiProvider>,
  );
}

describe('a failed lab job in German', () => {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    await translator.changeLanguage('de');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await translator.changeLanguage('en');
  });

  it('says a launch whose create failed in German, Heat’s reason as it is in the details', async () => {
    show(failedLaunch);
    expect(await screen.findByText('Das Lab konnte auf der Cloud „school“ nicht erstellt werden.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    const details = screen.getByRole('region', { name: 'Details der Meldung' }).textContent;
    expect(details).toContain('Grund laut Heat: Resource CREATE failed: ValueError');
    expect(details).not.toContain("Heat's reason");
  });

  it('says the usage limit in German, with German numbers', () => {
    const blocked = activityOf('lab.launch', 'failed', {
      error: 'You have used 10.5 of your 10 lab hours; launching and resuming labs is blocked. Ask your instructor to raise the limit.',
      errorKind: 'usage_limit',
      errorMessageKey: 'lab.failure.usageLimit',
      errorMessageParams: { used: 10.46, limit: 10 },
    });
    const [first] = labMessages({ view: viewOf(null, blocked), now: NOW });
    expect(first!.text).toBe(
      'Du hast 10,5 deiner 10 Lab-Stunden verbraucht; Labs starten und fortsetzen ist gesperrt. Bitte deine Lehrkraft, die Grenze zu erhöhen.',
    );
  });

  it('keeps the English of an error without a key, or with a key this catalogue lacks', () => {
    const unkeyed = activityOf('lab.launch', 'failed', {
      error: 'Course "x" has no lab (no lab: section in its course.yaml).',
      errorKind: 'no_lab',
    });
    expect(labMessages({ view: viewOf(null, unkeyed), now: NOW })[0]!.text).toBe(
      'Course "x" has no lab (no lab: section in its course.yaml).',
    );
    const newer = activityOf('lab.launch', 'failed', { ...unkeyed, errorMessageKey: 'lab.failure.fromANewerApp', errorMessageParams: {} });
    expect(labMessages({ view: viewOf(null, newer), now: NOW })[0]!.text).toBe(
      'Course "x" has no lab (no lab: section in its course.yaml).',
    );
  });
});

describe('a failed lab job in English', () => {
  it('reads as the core wrote it, Heat’s reason in the details', () => {
    const [first] = labMessages({ view: failedLaunch, now: NOW });
    expect(first!.text).toBe('The lab could not be created on cloud "school".');
    expect(first!.detail).toMatch(/^Heat's reason: Resource CREATE failed: ValueError\n\nHeat state: LAUNCH_ERROR$/);
  });
});
