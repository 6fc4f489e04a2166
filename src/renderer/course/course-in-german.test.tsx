import { act, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { EnrolmentSummary } from '../../shared/contract/enrolment-calls';
import type { CourseDetail, CourseSummary, SearchHit, StepContent } from '../../shared/course';
import { uiLearner as de } from '../../shared/i18n/catalogue/de/ui-learner';
import { uiLearner as en } from '../../shared/i18n/catalogue/en/ui-learner';
import type { CheckRun } from '../../shared/labs/check-calls';
import { ApiProvider } from '../api/api-context';
import { translator } from '../i18n/translator';
import { labOf, viewOf } from '../lab/lab-fixtures.test-support';
import { CourseSteps } from './CourseSteps';
import { englishLeft, shownTexts } from './english-left.test-support';
import { LibraryScreen } from './LibraryScreen';
import { OpenEnrolment } from './OpenEnrolment';

// Course content (titles, Markdown, hints) is the author's and never translated: German here, so
// any English on screen is the app's.
const summary: CourseSummary = {
  id: 'linux',
  title: 'Linux-Grundlagen',
  version: '1.1.0',
  description: 'Erste Schritte in der Shell.',
  authors: ['Schule'],
  stepCount: 3,
  completedSteps: 1,
  lastStepId: 'dateien',
  importedAt: 0,
  protocols: ['ssh'],
};

const detail: CourseDetail = {
  ...summary,
  steps: [
    { id: 'anmelden', index: 0, title: 'Anmelden', hasChecks: false, status: 'completed' },
    { id: 'dateien', index: 1, title: 'Dateien', hasChecks: true, status: 'visited' },
    { id: 'rechte', index: 2, title: 'Rechte', hasChecks: true, status: 'not_started' },
  ],
  connections: [{ name: 'shell', protocol: 'ssh' }],
  services: [],
  firstTabs: [],
};

const step: StepContent = {
  courseId: 'linux',
  stepId: 'dateien',
  index: 1,
  title: 'Dateien',
  file: 'steps/dateien.md',
  markdown: '# Dateien\n\nLege eine Datei an:\n\n```bash\ntouch datei\n```',
  images: [],
  previousStepId: 'anmelden',
  nextStepId: 'rechte',
  status: 'visited',
  hasChecks: true,
  hints: [
    { check: 'checks/datei.sh', text: 'Nutze touch.' },
    { check: 'checks/rechte.sh', text: 'Nutze chmod.' },
  ],
  hasSolve: true,
};

const NOW = Date.parse('2026-03-10T14:00:00');

const checkRun = (passed: boolean[], at: number): CheckRun => ({
  id: 1,
  courseId: 'linux',
  userId: 'u',
  stepId: 'dateien',
  passed: passed.filter(Boolean).length,
  total: passed.length,
  score: passed.filter(Boolean).length / passed.length,
  outcomes: passed.map((ok, i) => ({ script: `checks/pruefung-${i + 1}.sh`, passed: ok, timedOut: false, durationMs: 5 })),
  source: 'app',
  at,
});

function fakeApi(answers: Record<string, (input: unknown) => unknown>): LabApi {
  const call = vi.fn(async (name: string, input: unknown) => (answers[name] ?? (() => undefined))(input));
  return { call, on: () => () => undefined } as unknown as LabApi;
}

const show = (api: LabApi, screenOf: ReactNode) => render(<ApiProvider api={api}>{screenOf}</ApiProvider>);

async function pick(label: string, file: File): Promise<void> {
  await act(async () => fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } }));
}

const left = () => englishLeft(en.course, de.course, shownTexts());

describe('the course screens in German', () => {
  beforeEach(async () => {
    await translator.changeLanguage('de');
  });
  afterEach(async () => {
    await translator.changeLanguage('en');
  });

  it('shows an empty library, its import and enrolment buttons and a refused file in German', async () => {
    await act(async () => show(fakeApi({ 'course.list': () => [] }), <LibraryScreen />));
    expect(screen.getByRole('heading', { name: 'Kurse' })).toBeTruthy();
    expect(screen.getByPlaceholderText('Alle Kurse durchsuchen')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Deine Kursbibliothek ist leer' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Deine Kursbibliothek ist leer' }).textContent).toContain(
      'Wähle Kurs importieren… oder zieh die Datei hierher.',
    );
    expect(screen.getByRole('button', { name: 'Einschreibungsdatei öffnen…' })).toBeTruthy();
    await pick('Kurspaket-Datei', new File(['x'], 'notizen.txt'));
    expect(screen.getByRole('alert').textContent).toBe('notizen.txt ist kein Kurspaket: Wähle eine .zip- oder .tar.gz-Datei.');
    expect(left()).toEqual([]);

    const words = Array.from({ length: 13 }, (_, i) => `wort${i}`).join(' ');
    await act(async () => fireEvent.change(screen.getByLabelText('Alle Kurse durchsuchen'), { target: { value: words } }));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('Eine Suche hat höchstens 12 Wörter (diese hat 13).');
    expect(left()).toEqual([]);
  });

  it('shows a course card, search results and an import in German', async () => {
    const hits: SearchHit[] = [1, 2].map((n) => ({
      courseId: 'linux',
      courseTitle: 'Linux-Grundlagen',
      stepId: `schritt-${n}`,
      title: `Schritt ${n}`,
      snippet: 'ls zeigt Dateien',
      terms: ['ls'],
      score: 1,
    }));
    const api = fakeApi({
      'course.list': () => [summary],
      'course.search': () => hits,
      'lab.cost': () => ({ courseId: 'linux', cost: null, problem: null }),
      'course.importBytes': () => ({ course: summary, previousVersion: '1.0.0' }),
    });
    await act(async () => show(api, <LibraryScreen />));
    expect(screen.getByRole('progressbar', { name: 'Fortschritt in Linux-Grundlagen' })).toBeTruthy();
    expect(screen.getByText('1 von 3 Schritten erledigt')).toBeTruthy();
    expect(screen.getByText(/· Terminal/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Weitermachen' })).toBeTruthy();

    await pick('Kurspaket-Datei', new File(['bundle'], 'linux-1.1.0.tar.gz'));
    expect(screen.getByRole('status').textContent).toBe(
      '„Linux-Grundlagen“ 1.1.0 importiert (ersetzt 1.0.0; dein Fortschritt bleibt erhalten).',
    );
    expect(left()).toEqual([]);

    await act(async () => fireEvent.change(screen.getByLabelText('Alle Kurse durchsuchen'), { target: { value: 'ls' } }));
    expect(await screen.findByText('2 Treffer für „ls“')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Suchergebnisse' })).toBeTruthy();
    expect(left()).toEqual([]);
  });

  it('asks for an enrolment in German', async () => {
    const enrolment: EnrolmentSummary = {
      fileName: 'learner7.lab-enrol.json',
      cloud: { name: 'school', authUrl: 'https://keystone.example/v3', username: 'learner7', projectName: 'lab-learner7', region: null },
      courseId: 'linux',
      bundle: 'linux-1.1.0.tar.gz',
      cohort: 'spring',
      courseInLibrary: false,
      cloudExists: true,
    };
    show(fakeApi({ 'enrolment.read': () => enrolment }), <OpenEnrolment />);
    await pick('Einschreibungsdatei', new File(['{}'], 'learner7.lab-enrol.json', { type: 'application/json' }));
    const dialog = await screen.findByRole('dialog', { name: 'Einschreibung' });
    expect(dialog.textContent).toContain('In linux einschreiben');
    expect(dialog.textContent).toContain('– ersetzt die gleichnamige Cloud');
    expect(dialog.textContent).toContain('(noch nicht in deiner Bibliothek: linux-1.1.0.tar.gz)');
    expect(dialog.textContent).toContain('Passwort von learner7');
    expect(screen.getByRole('button', { name: 'Cloud hinzufügen und Kurs öffnen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
    expect(left()).toEqual([]);
  });

  it('shows a step, its code buttons, its last check, hints and the solve confirmation in German', async () => {
    const twoDaysAgo = NOW - 2 * 24 * 3_600_000;
    const api = fakeApi({
      'course.get': () => detail,
      'course.readStep': () => step,
      'lab.view': () => viewOf(labOf('CREATE_COMPLETE', 'up', { courseId: 'linux' })),
      'lab.checkHistory': () => [checkRun([true, false], twoDaysAgo)],
      'lab.check': () => checkRun([true, true], Date.now()),
    });
    show(api, <CourseSteps courseId="linux" stepId="dateien" />);
    expect(await screen.findByText('Schritt 2 von 3 · Dateien')).toBeTruthy();
    // The Markdown renderer is its own chunk: loaded on the first step shown.
    expect(await screen.findByRole('button', { name: 'Im Terminal ausführen' }, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kopieren' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Schritte' }).querySelector('[aria-label="erledigt"]')).toBeTruthy();
    expect(screen.getByRole('link', { name: '← Zurück' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Schritt als erledigt markieren' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Prüfe deine Arbeit' })).toBeTruthy();

    expect(await screen.findByText('1 von 2 Prüfungen bestanden')).toBeTruthy();
    const when = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short' }).format(twoDaysAgo);
    expect(screen.getByText(`zuletzt geprüft ${when}`)).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Prüfergebnisse' }).textContent).toContain('Nicht bestanden:');

    fireEvent.click(screen.getByRole('button', { name: 'Hinweis zeigen (noch 2)' }));
    expect(screen.getByRole('list', { name: 'Hinweise' }).textContent).toBe('Hinweis 1: Nutze touch.');
    expect(screen.getByRole('button', { name: 'Weiteren Hinweis zeigen (noch 1)' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Diesen Schritt für mich lösen…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Die Lösung dieses Schritts auf deinem Lab ausführen?' });
    expect(confirm.querySelector('em')?.textContent).toBe('gelöst');
    expect(left()).toEqual([]);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Prüfen' })));
    expect(screen.getByText('Alle Prüfungen bestanden')).toBeTruthy();
    expect(screen.getByText(/Schritt erledigt\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Nächster Schritt →' })).toBeTruthy();
    expect(left()).toEqual([]);
  });
});
