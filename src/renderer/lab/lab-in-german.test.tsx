import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { LabCostView, LabView } from '../../shared/labs';
import { uiLearner as de } from '../../shared/i18n/catalogue/de/ui-learner';
import { uiLearner as en } from '../../shared/i18n/catalogue/en/ui-learner';
import { ApiProvider } from '../api/api-context';
import { englishLeft, shownTexts } from '../course/english-left.test-support';
import { translator } from '../i18n/translator';
import { labMessages } from './lab-message';
import { LabControls } from './LabControls';
import { CourseLabCost, LabCost } from './LabCost';
import { activityOf, labOf, troubled, viewOf } from './lab-fixtures.test-support';

const NOW = Date.parse('2026-03-10T14:00:00');
const running = labOf('CREATE_COMPLETE', 'up');

const cost: LabCostView = {
  courseId: 'intro-linux',
  cost: {
    month: '2026-03',
    runningSeconds: 5400,
    suspendedSeconds: 600,
    cost: 1.24,
    perHourNow: 0.36,
    rate: { runningPerHour: 0.8, suspendedPerHour: 0.36, currency: 'EUR', source: 'cloud', flavors: ['m1.large'] },
    at: '2026-03-10T14:00:00.000Z',
  },
  problem: null,
};

const withClock = (extra: Partial<LabView> = {}): LabView =>
  viewOf(running, null, {
    usage: { runningHours: 3.5, limitHours: 10, blocked: false },
    clock: {
      idle: { suspendBy: NOW + 1_798_000, timeoutSeconds: 1800, lastActivityAt: NOW - 2_000 },
      session: {
        startedAt: NOW,
        endsAt: NOW + 2 * 3_600_000,
        maxSessionSeconds: 7200,
        extensionsUsed: 1,
        maxExtensions: 2,
        extensionSeconds: 5400,
      },
    },
    ...extra,
  });

function show(view: LabView): void {
  const api = {
    call: vi.fn(async (name: string) => (name === 'lab.cost' ? cost : view)),
    on: () => () => undefined,
  } as unknown as LabApi;
  render(
    <ApiProvider api={api}>
      <LabControls courseId="intro-linux" />
      <LabCost courseId="intro-linux" />
      <CourseLabCost courseId="intro-linux" />
    </ApiProvider>,
  );
}

describe('the Lab header in German', () => {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    await translator.changeLanguage('de');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await translator.changeLanguage('en');
  });

  it('says the controls, clock, cost, update offer and reset in German, with German numbers and money', async () => {
    show(withClock({ update: { labVersion: '1.0.0', courseVersion: '1.1.0' } }));
    expect(await screen.findByRole('button', { name: 'Anhalten' })).toBeTruthy();
    expect(await screen.findByText(/Dieser Kurs wurde auf Version 1\.1\.0 aktualisiert/)).toBeTruthy();
    const clock = screen.getByRole('timer', { name: 'Lab-Uhr' }).textContent;
    expect(clock).toContain('Hält nach 30 Min. Inaktivität an');
    expect(clock).toContain('Sitzung endet um 16:00');
    expect(clock).toContain('1 von 2 Mal verlängert');
    expect(clock).toContain('Lab-Stunden übrig: 6,5 von 10 Std.');
    expect(screen.getByRole('button', { name: 'Um 1 Std. 30 Min. verlängern' })).toBeTruthy();
    const line = await screen.findByLabelText('Lab-Kosten');
    expect(line.textContent).toBe('1,24\u00a0€ diesen Monat · jetzt 0,36\u00a0€/Std.');
    expect(line.getAttribute('title')).toContain('1,5 Std. gelaufen, 10 Min. angehalten im März 2026 (UTC)');
    expect(line.getAttribute('title')).toContain('Preise der Cloud (Flavor m1.large)');
    expect(screen.getByLabelText('Lab diesen Monat').textContent).toBe('Lab diesen Monat: 1,5 Std. · 1,24\u00a0€');

    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(screen.getByRole('region', { name: 'Details der Meldung' }).textContent).toContain('Setze es zurück');
    fireEvent.click(screen.getByRole('button', { name: 'Auf 1.1.0 zurücksetzen…' }));
    expect(screen.getByRole('form', { name: 'Zurücksetzen bestätigen' }).textContent).toContain('Gib zur Bestätigung intro-linux ein:');
    expect(screen.getByRole('button', { name: 'Lab zurücksetzen' })).toBeTruthy();

    expect(englishLeft(en.lab, de.lab, shownTexts())).toEqual([]);
  });

  it('says a failed start, with no lab left, in German', async () => {
    show(viewOf(labOf('LAUNCH_ERROR', 'failed', { error: 'Resource CREATE failed' })));
    expect(await screen.findByText('Fehlgeschlagen: Das Lab konnte nicht gestartet werden.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(screen.getByText('Technische Details')).toBeTruthy();
    expect(screen.getByRole('region').textContent).toContain('Heat-Status: LAUNCH_ERROR');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Schließen' })));
    expect(englishLeft(en.lab, de.lab, shownTexts())).toEqual([]);
  });

  it('writes the messages about attempts, stops and failures in German', () => {
    const since = Date.parse('2026-03-10T13:42:00');
    const waiting = labMessages({
      view: viewOf(running, activityOf('lab.suspend', 'queued', { attempt: 1, nextTryAt: NOW + 4_000, errorKind: 'cloud-unreachable' })),
      now: NOW,
    });
    const stopped = labMessages({ view: viewOf(running, activityOf('lab.resume', 'cancelled')), now: NOW });
    const failed = labMessages({
      view: viewOf(running, activityOf('lab.suspend', 'failed', { errorKind: 'cloud-unreachable' }), {
        cloud: troubled({ kind: 'unreachable' }, since),
      }),
      now: NOW,
    });
    // The first message of each: the cloud's own sentence after it (cloudProblemWords) is not this catalogue's.
    const texts = [waiting[0]!, stopped[0]!, failed[0]!].flatMap((m) => [m.text, ...m.actions.map((a) => a.label)]);
    expect(waiting[0]!.text).toMatch(/^Versuch 1 von 6 fehlgeschlagen: .+\. .+: neuer Versuch \(2 von 6\)\.$/);
    expect(waiting[0]!.actions.map((a) => a.label)).toEqual(['Abbrechen']);
    expect(stopped[0]!.text).toMatch(/wurde abgebrochen: Dafür wird nichts mehr an die Cloud gesendet \(zuletzt bekannt: .+\)\.$/);
    expect(failed[0]!.text).toMatch(/wurde nicht abgeschlossen: .+ \(seit 13:42; zuletzt bekannt: .+\)\.$/);
    expect(englishLeft(en.lab.message, de.lab.message, texts)).toEqual([]);
  });
});
