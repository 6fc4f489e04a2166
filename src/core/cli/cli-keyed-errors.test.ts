/**
 * An error the core composed from the `messages` catalogue reaches the CLI with its key: the CLI
 * prints it in the run's language, with the same exit code; `--json` keeps the English. Through the
 * CLI's entry on a real data folder.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import { runCliCaptured, type CliOutcome } from './cli-capture.test-support';

const SAMPLE_COURSE = new URL('../../../assets/sample-course/', import.meta.url).pathname;
const GERMAN = { LANG: 'de_DE.UTF-8' };

let home: ReturnType<typeof tempHome>;
const cli = (args: readonly string[], env: NodeJS.ProcessEnv = GERMAN): Promise<CliOutcome> =>
  runCliCaptured(home.path, args, { HOME: home.path, XDG_CONFIG_HOME: home.path, XDG_CONFIG_DIRS: home.path, ...env });

beforeAll(async () => {
  home = tempHome('lc-keyed-errors-');
  const imported = await cli(['course', 'import', SAMPLE_COURSE], {});
  expect(imported.code, imported.stderr).toBe(0);
}, 60_000);
afterAll(() => home.remove());

it('says in German that a lab never launched is not running, with the exit code of the English run', async () => {
  const german = await cli(['lab', 'check', 'intro-linux']);
  const english = await cli(['lab', 'check', 'intro-linux'], { LANG: 'C' });
  expect(english.stderr).toBe(
    'error: The lab of course "intro-linux" is not running: it has not been launched. Launch or resume it first.\n',
  );
  expect(german.stderr).toBe(
    'Fehler: Das Lab des Kurses „intro-linux“ läuft nicht: es wurde noch nicht gestartet. Starte es oder setze es zuerst fort.\n',
  );
  expect(german.code).toBe(english.code);
  expect(german.code).toBe(255);
});

it('keeps the English sentence for --json', async () => {
  const run = await cli(['--json', 'lab', 'check', 'intro-linux']);
  expect(JSON.parse(run.stdout)).toEqual({
    error: {
      kind: 'failed',
      message: 'The lab of course "intro-linux" is not running: it has not been launched. Launch or resume it first.',
    },
  });
});

it('says in German why a lab job failed (the job keeps the key), exit 1 as in English', async () => {
  const noClouds = { OS_CLIENT_CONFIG_FILE: `${home.path}/no-clouds.yaml` };
  const german = await cli(['lab', 'launch', 'intro-linux'], { ...GERMAN, ...noClouds });
  const english = await cli(['lab', 'launch', 'intro-linux'], { LANG: 'C', ...noClouds });
  expect(english.stderr).toBe(
    'error: No cloud is configured for labs. Add one in Settings › Clouds or in clouds.yaml, or pass --os-cloud.\n',
  );
  expect(german.stderr).toBe(
    'Fehler: Für Labs ist keine Cloud eingerichtet. Füge eine in Einstellungen › Clouds oder in clouds.yaml hinzu, oder gib --os-cloud an.\n',
  );
  expect(german.code).toBe(1);
  expect(english.code).toBe(1);
});

it('says in German that a course is not in the library, with the exit code of the English run', async () => {
  const german = await cli(['course', 'show', 'nope']);
  const english = await cli(['course', 'show', 'nope'], { LANG: 'C' });
  expect(english.stderr).toBe('error: No course "nope" in the library.\n');
  expect(german.stderr).toBe('Fehler: Kein Kurs „nope“ in der Bibliothek.\n');
  expect(german.code).toBe(english.code);
});
