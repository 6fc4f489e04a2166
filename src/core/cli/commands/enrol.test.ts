/**
 * `lab-console enrol FILE` with a course bundle named by URL: the URL is shown before anything is
 * added, and a bundle that may not be fetched is refused (exit 2) with nothing added, not the cloud
 * either. Through the CLI's entry on a real data folder.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempHome } from '../../../../test/support/temp-home';
import { runCliCaptured } from '../cli-capture.test-support';

let home: ReturnType<typeof tempHome> | undefined;
afterEach(() => home?.remove());

it('shows where the bundle comes from, and refuses one over plain http with exit 2, adding nothing', async () => {
  home = tempHome('lc-enrol-cli-');
  const data = join(home.path, 'data');
  const file = join(home.path, 'l7.lab-enrol.json');
  writeFileSync(
    file,
    JSON.stringify({
      format: 'lab-console-enrolment/1',
      cloud: { name: 'school', authUrl: 'https://127.0.0.1:9/v3', username: 'learner7', projectName: 'lab-learner7' },
      course: { id: 'intro-linux', bundle: 'http://127.0.0.1:9/intro-linux.tar.gz' },
    }),
  );
  const run = await runCliCaptured(data, ['enrol', file, '--yes'], { HOME: home.path, OS_PASSWORD: 'pw' });
  expect(run.stderr).toBe(
    'The course bundle of "intro-linux" comes from http://127.0.0.1:9/intro-linux.tar.gz\n' +
      'error: The course bundle address http://127.0.0.1:9/intro-linux.tar.gz is not https: course bundles are only fetched over https.\n',
  );
  expect(run.code).toBe(2);
  const config = join(data, 'config.json');
  expect(existsSync(config) ? JSON.parse(readFileSync(config, 'utf8')) : {}).not.toHaveProperty('clouds');
  const courses = await runCliCaptured(data, ['--json', 'course', 'list'], { HOME: home.path });
  expect(JSON.parse(courses.stdout)).toEqual([]);
}, 60_000);
