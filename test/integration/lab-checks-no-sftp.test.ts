/**
 * `lab-console lab check` on a lab machine with the SFTP subsystem and on one without it (a minimal
 * image; the sandbox's lab gate restarts the lab's own sshd with no `Subsystem` line): the same
 * pass and fail, and no `/tmp/lab-console.*` folder of the lab user left behind in either case.
 * Before, without SFTP, the check said the connection was lost and to resume the lab, and left its
 * folder.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStatusOutput } from '../../src/shared/labs';
import { setSftp } from '../sandbox/lab-control';
import { OpenStackCli } from '../sandbox/reference-cli';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant, SAMPLE_COURSE_DIR } from '../support/course-bundles';
import { writeLabClouds } from '../support/lab-harness';
import { CLI } from '../support/serve-process';

const COURSE = 'checks-no-sftp';
const LEARNER = 'learner2';
/** Every sandbox lab host logs in the same Unix user: the file the check wants carries this run's pid. */
const HELLO = `no-sftp-hello-${process.pid}.txt`;

describeWithSandbox('lab check with and without SFTP on the lab machine', (sandbox) => {
  let state: SandboxState;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let stackName: string;

  const cli = (...args: string[]): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [CLI, '--home', join(work, 'home'), '--os-cloud', 'school', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      input: '',
      timeout: 180_000,
    });
  const ok = (...args: string[]): SpawnSyncReturns<string> => {
    const result = cli(...args);
    expect(result.status, result.stderr || result.stdout).toBe(0);
    return result;
  };
  /** Folders lab-console made in the lab user's temp folder and left there. */
  const leftovers = (): string =>
    ok('lab', 'exec', COURSE, '--', 'find "${TMPDIR:-/tmp}" -maxdepth 1 -name "lab-console.*" -user "$(id -u)"').stdout.trim();

  /** Asks the lab's sshd for SFTP with OpenSSH's own client and the lab's key (from the stack's outputs). */
  const sftpAnswers = async (): Promise<boolean> => {
    const out = await new OpenStackCli(state).run(LEARNER, ['stack', 'output', 'show', stackName, '--all', '-f', 'json']);
    const outputs = JSON.parse(out.stdout) as Record<string, string>;
    const value = (name: string): string => (JSON.parse(outputs[name]!) as { output_value: string }).output_value;
    const keyFile = join(work, 'lab-key');
    writeFileSync(keyFile, value('private_key'), { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const sftp = spawnSync(
      'sftp',
      [
        '-b',
        '-',
        '-i',
        keyFile,
        '-P',
        String(value('ssh_port')),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        `${value('user')}@${value('public_ip')}`,
      ],
      { encoding: 'utf8', input: 'pwd\n', timeout: 30_000 },
    );
    return sftp.status === 0;
  };

  /** One step's check fails before the learner did the step and passes after, with nothing left on the lab. */
  const checkFailsThenPasses = (): void => {
    ok('lab', 'exec', COURSE, '--', 'rm', '-f', `./${HELLO}`);
    const failed = cli('lab', 'check', COURSE, '--step', 'meet-your-lab');
    expect(failed.stderr).toBe('');
    expect(failed.stdout).toContain('FAIL  checks/hello-file.sh');
    expect(failed.stdout).toContain(`hint: Write hello into ~/${HELLO}.`);
    expect(failed.status).toBe(1);
    expect(leftovers()).toBe('');

    ok('lab', 'exec', COURSE, '--', `echo hello > ~/${HELLO}`);
    const passed = cli('lab', 'check', COURSE, '--step', 'meet-your-lab');
    expect(passed.stdout).toContain('PASS  checks/hello-file.sh');
    expect(passed.stdout).toContain('Score: 1 of 1 checks pass (100 %).');
    expect(passed.status).toBe(0);
    expect(leftovers()).toBe('');
  };

  beforeAll(() => {
    state = sandbox();
    work = mkdtempSync(join(tmpdir(), 'lc-no-sftp-'));
    env = writeLabClouds(state, work, [{ name: 'school', user: LEARNER }]);
    const yaml = readFileSync(join(SAMPLE_COURSE_DIR, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
    const check = `#!/bin/sh\ngrep -q hello "$HOME/${HELLO}" 2>/dev/null || { echo "Write hello into ~/${HELLO}." >&2; exit 1; }\n`;
    ok('course', 'import', sampleCourseVariant({ 'course.yaml': yaml, 'checks/hello-file.sh': check }));
    ok('lab', 'launch', COURSE);
    stackName = LabStatusOutput.parse(JSON.parse(ok('--json', 'lab', 'status', COURSE).stdout)).lab!.stackName;
    // Folders an older lab-console left for this lab user.
    ok('lab', 'exec', COURSE, '--', 'find "${TMPDIR:-/tmp}" -maxdepth 1 -name "lab-console.*" -user "$(id -u)" -exec rm -rf {} +');
  }, 240_000);

  afterAll(() => {
    if (!work) return;
    cli('lab', 'exec', COURSE, '--', 'rm', '-f', `./${HELLO}`);
    cli('lab', 'delete', COURSE);
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  describe('with SFTP', () => {
    it('the lab answers SFTP', async () => {
      expect(await sftpAnswers()).toBe(true);
    });
    it('check fails, then passes once the step is done; no folder is left', checkFailsThenPasses);
  });

  describe('without the SFTP subsystem', () => {
    beforeAll(async () => {
      await setSftp(state, stackName, false);
    });
    it('the lab refuses SFTP and still runs commands', async () => {
      expect(await sftpAnswers()).toBe(false);
      expect(ok('lab', 'exec', COURSE, '--', 'echo', 'commands-run').stdout).toBe('commands-run\n');
    });
    it(
      'check fails, then passes once the step is done, the scripts sent through the command channel; no folder is left',
      checkFailsThenPasses,
    );
  });
});
