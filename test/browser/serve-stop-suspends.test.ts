/**
 * Stopping browser mode is quitting the app: a running lab nobody uses still costs money, so
 * `lab-console serve` asks every running lab to suspend before it exits — on Ctrl+C / SIGTERM, and
 * when an exception nothing caught forces it to exit. The lab here has no stack, so its suspend job
 * finishes at once; what matters is that the process asked for it before ending.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/core/app/app-context';
import { openDatabase } from '../../src/core/store/database';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

let home: ReturnType<typeof tempHome> | undefined;
let serve: ServeProcess | undefined;

afterEach(async () => {
  await serve?.stop();
  home?.remove();
});

/** A data folder with one lab that is up (as a launch from an earlier run of the app would leave it). */
function homeWithRunningLab(): ReturnType<typeof tempHome> {
  const folder = tempHome();
  const app = createAppContext({ home: folder.path, mode: 'cli', logName: 'cli' });
  app
    .labs()
    .store.ensure(
      { courseId: 'intro-linux', userId: 'learner', stackName: 'lab-intro-linux', provider: null, state: 'CREATE_COMPLETE' },
      Date.now(),
    );
  app.close();
  return folder;
}

function suspendJobs(folder: string): string[] {
  const db = openDatabase({ path: join(folder, 'lab-console.db') });
  try {
    return (db.prepare(`SELECT payload FROM jobs WHERE type = 'lab.suspend'`).all() as Array<{ payload: string }>).map(
      (row) => row.payload,
    );
  } finally {
    db.close();
  }
}

function exitOf(process: ServeProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (process.child.exitCode !== null) resolve(process.child.exitCode);
    else process.child.once('exit', (code) => resolve(code));
  });
}

describe('lab-console serve suspends running labs before it exits', () => {
  it('on SIGTERM', async () => {
    home = homeWithRunningLab();
    serve = await startServe(home.path);
    expect(suspendJobs(home.path)).toEqual([]);
    const exited = exitOf(serve);
    serve.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(suspendJobs(home.path)).toEqual([JSON.stringify({ courseId: 'intro-linux' })]);
  });

  it('on an uncaught exception: logs it, suspends, exits 1', async () => {
    home = homeWithRunningLab();
    serve = await startServe(home.path, { NODE_OPTIONS: `--import=${join(REPO_ROOT, 'test', 'support', 'throw-on-sigusr2.mjs')}` });
    let stderr = '';
    serve.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = exitOf(serve);
    serve.child.kill('SIGUSR2');
    expect(await exited).toBe(1);
    expect(stderr).toContain('suspending running labs');
    expect(suspendJobs(home.path)).toEqual([JSON.stringify({ courseId: 'intro-linux' })]);
    const logs = join(home.path, 'logs');
    const log = readdirSync(logs)
      .map((name) => readFileSync(join(logs, name), 'utf8'))
      .join('\n');
    expect(log).toContain('injected fault: an exception nothing catches');
  });
});
