/**
 * A lab's jobs run in order. A job of the same lab left queued before (a suspend an app handed back
 * when it quit) must not hold `lab-console lab delete` forever: the command runs it first, then its own.
 */
import { afterEach, expect, it } from 'vitest';
import { JobList } from '../../../shared/jobs';
import { tempHome } from '../../../../test/support/temp-home';
import { createAppContext } from '../../app/app-context';
import { runCli } from '../cli-main';

const SAMPLE_COURSE = new URL('../../../../assets/sample-course/', import.meta.url).pathname;
let home: ReturnType<typeof tempHome> | undefined;
afterEach(() => home?.remove());

async function cli(args: readonly string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(['--home', home!.path, ...args], {
    streams: { stdout: (t) => void (out += t), stderr: (t) => void (out += t) },
    env: { HOME: home!.path, XDG_CONFIG_HOME: home!.path, XDG_CONFIG_DIRS: home!.path },
  });
  return { code, out };
}

it('lab delete runs a job of the same lab queued before its own, instead of waiting for it forever', async () => {
  home = tempHome();
  expect((await cli(['course', 'import', SAMPLE_COURSE])).code).toBe(0);
  const app = createAppContext({ home: home.path, mode: 'cli', logName: 'test' });
  const left = app.labs().request('lab.suspend', 'intro-linux');
  app.close();

  const deleted = await Promise.race([
    cli(['lab', 'delete', 'intro-linux']),
    new Promise<'hung'>((r) => setTimeout(() => r('hung'), 8_000)),
  ]);
  expect(deleted).not.toBe('hung');
  expect(deleted).toMatchObject({ code: 0 });
  const jobs = JobList.parse(JSON.parse((await cli(['--json', 'jobs', 'list'])).out)).jobs;
  expect(jobs.map((j) => [j.id, j.type, j.status])).toEqual([
    [left.id + 1, 'lab.delete', 'succeeded'],
    [left.id, 'lab.suspend', 'succeeded'],
  ]);
}, 20_000);
