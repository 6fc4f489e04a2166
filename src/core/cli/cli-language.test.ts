/**
 * The CLI speaks the user's language: Settings › Language of the data folder, else the POSIX
 * locale (LC_ALL, LC_MESSAGES, LANG). Run through the CLI's entry on a real data folder, as
 * bin/lab-console.js runs it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import { runCliCaptured, type CliOutcome } from './cli-capture.test-support';
import { posixMessagesLocale } from './cli-language';

const SAMPLE_COURSE = new URL('../../../assets/sample-course/', import.meta.url).pathname;
const GERMAN = { LANG: 'de_DE.UTF-8' };

let home: ReturnType<typeof tempHome>;
const cli = (args: readonly string[], env: NodeJS.ProcessEnv = GERMAN): Promise<CliOutcome> =>
  runCliCaptured(home.path, args, { HOME: home.path, ...env });
const setLanguage = (language: string | undefined): void =>
  writeFileSync(join(home.path, 'config.json'), JSON.stringify(language ? { language } : {}));

beforeAll(async () => {
  home = tempHome('lc-language-');
  const imported = await cli(['course', 'import', SAMPLE_COURSE], {});
  expect(imported.code, imported.stderr).toBe(0);
}, 60_000);
afterAll(() => home.remove());

describe('the POSIX locale for messages', () => {
  it('is LC_ALL, then LC_MESSAGES, then LANG: the first one set', () => {
    expect(posixMessagesLocale({ LANG: 'de_DE.UTF-8' })).toBe('de_DE.UTF-8');
    expect(posixMessagesLocale({ LC_MESSAGES: 'en_GB.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('en_GB.UTF-8');
    expect(posixMessagesLocale({ LC_ALL: 'C', LC_MESSAGES: 'de_DE', LANG: 'de_DE.UTF-8' })).toBe('C');
    expect(posixMessagesLocale({ LC_ALL: '', LANG: 'de_AT.UTF-8' })).toBe('de_AT.UTF-8');
    expect(posixMessagesLocale({})).toBeUndefined();
  });
});

describe('lab-console with LANG=de_DE.UTF-8', () => {
  it('prints its help in German: titles, descriptions, options and the exit codes', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Aufruf: lab-console [options] [command]');
    expect(run.stdout).toContain('Lab Console: praktische IT-Labs auf OpenStack, von der Kommandozeile aus.');
    expect(run.stdout).toMatch(/^Optionen:$/m);
    expect(run.stdout).toMatch(/^Befehle:$/m);
    expect(run.stdout).toMatch(/--json +maschinenlesbare Ausgabe/);
    expect(run.stdout).toMatch(/-h, --help +Hilfe zum Befehl anzeigen/);
    expect(run.stdout).toMatch(/cohort +Die Labs eines Kurses/);
    expect(run.stdout).toContain('Exit-Codes: 0 ok, 1 der Vorgang ist fehlgeschlagen, 2 falscher Aufruf oder ungültige Eingabe.');
    expect(run.stdout).not.toMatch(/Usage:|Commands:|display help/);
  });

  it('prints a command’s help in German, with commander’s "(default: …)" too', async () => {
    const run = await cli(['jobs', 'list', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Aufruf: lab-console jobs list [options]');
    expect(run.stdout).toMatch(/--limit <n> +höchstens so viele Aufträge \(Standard: 50\)/);
    expect(run.stdout).toMatch(/--status <status\.\.\.> +nur Aufträge in diesen Zuständen \(Auswahl: "queued"/);
  });

  it('heads its tables in German, the course data as it is', async () => {
    const run = await cli(['course', 'list']);
    expect(run.code, run.stderr).toBe(0);
    const [head, row] = run.stdout.split('\n');
    expect(head).toMatch(/^ID +VERSION +ERLEDIGT +LAB +TITEL$/);
    expect(row).toMatch(/^intro-linux +\S+ +0\/\d+ +\S+ +Introduction to Linux$/);
  });

  it('says what is wrong with bad input in German, exit 2', async () => {
    const notAnId = await cli(['lab', 'launch', 'Not A Course!']);
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toBe(
      'Fehler: "Not A Course!" ist keine Kurs-ID (Kleinbuchstaben, Ziffern und "-", beginnend mit einem Buchstaben; siehe `lab-console course list`).\n',
    );

    const month = await cli(['cohort', 'report', '--course', 'intro-linux', '--month', '2026-13']);
    expect(month.code).toBe(2);
    expect(month.stderr).toBe('Fehler: --month: "2026-13" ist kein Monat wie 2026-11\n');
  });

  it('says commander’s parse errors in German too, with the flag and the suggestion kept, exit 2', async () => {
    const run = await cli(['course', 'list', '--jsn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "Fehler: unbekannte Option '--jsn'\n(Meintest du --json?)\n'lab-console --help' zeigt die Befehle und Optionen.\n",
    );
  });

  it('keeps --json for scripts: English messages, raw values', async () => {
    const run = await cli(['--json', 'lab', 'launch', 'Not A Course!']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: { kind: 'invalid_input', message: expect.stringMatching(/^"Not A Course!" is not a course id/) },
    });
  });
});

describe('which language wins', () => {
  it('Settings › Language "en" wins over LANG=de_DE.UTF-8', async () => {
    setLanguage('en');
    try {
      const help = await cli(['--help']);
      expect(help.stdout).toContain('Usage: lab-console [options] [command]');
      expect(help.stdout).not.toContain('Aufruf:');
      const bad = await cli(['lab', 'launch', 'Not A Course!']);
      expect(bad.stderr).toMatch(/^error: "Not A Course!" is not a course id/);
      expect(bad.code).toBe(2);
    } finally {
      setLanguage(undefined);
    }
  });

  it('Settings › Language "de" wins over LANG=C, and --home before the command names whose setting', async () => {
    const other = tempHome('lc-language-other-');
    try {
      writeFileSync(join(other.path, 'config.json'), JSON.stringify({ language: 'de' }));
      const run = await runCliCaptured(other.path, ['--help'], { HOME: other.path, LANG: 'C' });
      expect(run.stdout).toContain('Aufruf:');
    } finally {
      other.remove();
    }
  });

  it('"system" follows the locale; LC_ALL=C means English even with LANG=de_DE.UTF-8', async () => {
    setLanguage('system');
    try {
      expect((await cli(['--help'])).stdout).toContain('Aufruf:');
      expect((await cli(['--help'], { LC_ALL: 'C', LANG: 'de_DE.UTF-8' })).stdout).toContain('Usage:');
      expect((await cli(['--help'], { LANG: 'POSIX' })).stdout).toContain('Usage:');
      expect((await cli(['--help'], {})).stdout).toContain('Usage:');
    } finally {
      setLanguage(undefined);
    }
  });
});
