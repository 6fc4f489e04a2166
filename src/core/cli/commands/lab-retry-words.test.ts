/**
 * A lab command waiting on a cloud that does not answer says how long it may wait: each failed
 * attempt as "attempt n of m failed: <reason>; next try in s", one line each, and the error's
 * advice once, with the final error. Through the CLI's entry, on a cloud whose Keystone port is closed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempHome } from '../../../../test/support/temp-home';
import { scaledClock } from '../../time/scaled-clock.test-support';
import { runCli } from '../cli-main';

const SAMPLE_COURSE = new URL('../../../../assets/sample-course/', import.meta.url).pathname;
let home: ReturnType<typeof tempHome> | undefined;
afterEach(() => home?.remove());

async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(['--home', join(home!.path, 'data'), ...args], {
    streams: { stdout: () => undefined, stderr: (t) => void (stderr += t) },
    env: { HOME: home!.path, XDG_CONFIG_HOME: home!.path, XDG_CONFIG_DIRS: home!.path, ...env },
    // Five attempts with their real backoff (15–30 s of the app's time) pass 20 times faster: the
    // words and the count are what this proves, not the length of the waits.
    clock: scaledClock(20),
  });
  return { code, stderr };
}

it('lab launch on a cloud that does not answer counts its attempts and says when the next comes', async () => {
  home = tempHome();
  const clouds = join(home.path, 'clouds.yaml');
  writeFileSync(
    clouds,
    [
      'clouds:',
      '  school:',
      '    auth_type: password',
      '    auth:',
      // Port 9 (discard): nothing listens on loopback, so every attempt is refused at once.
      '      auth_url: http://127.0.0.1:9/v3',
      '      username: learner',
      '      password: secret',
      '      project_name: lab-learner',
      '      user_domain_name: Default',
      '      project_domain_name: Default',
      '',
    ].join('\n'),
  );
  expect((await cli(['course', 'import', SAMPLE_COURSE])).code).toBe(0);

  const launched = await cli(['--os-cloud', 'school', 'lab', 'launch', 'intro-linux'], { OS_CLIENT_CONFIG_FILE: clouds });
  expect(launched.code).toBe(1);
  const lines = launched.stderr.trimEnd().split('\n');
  const attempts = lines.filter((line) => line.startsWith('attempt '));
  expect(attempts.length).toBeGreaterThan(0);
  attempts.forEach((line, i) => expect(line).toMatch(new RegExp(`^attempt ${i + 1} of 5 failed: .+; next try in \\d+ s$`)));
  // The advice of the error comes once, at the end, not after every attempt.
  expect(lines.filter((line) => line.startsWith('Check auth_url'))).toHaveLength(1);
  expect(lines.at(-1)).toMatch(/^Check auth_url/);
}, 20_000);
