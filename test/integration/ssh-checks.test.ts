/**
 * Progress checks and hooks on a real sshd: scripts copied into a fresh temp folder (over SFTP, or
 * through the command channel where the machine has no SFTP subsystem), run, removed with their
 * folder; exit 0 passes, stderr is the hint, a script past its timeout is killed and said so.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHook, runProgressChecks, SshSession, type CheckScript } from '../../src/core/connect/ssh';
import type { LogFields, Logger } from '../../src/core/log/logger';
import { TestSshd } from '../support/test-sshd';

let sshd: TestSshd;
let session: SshSession;
let bundle: string;

function script(name: string, body: string): CheckScript {
  const localPath = join(bundle, name);
  writeFileSync(localPath, body);
  return { name: `checks/${name}`, localPath };
}

/** Leftover lab-console temp folders of this sshd's user on the lab. */
const leftoversOn = async (on: SshSession) =>
  (await on.exec('find "${TMPDIR:-/tmp}" -maxdepth 1 -name "lab-console.*" -user "$(id -u)" | wc -l')).stdout.trim();
const leftovers = () => leftoversOn(session);

beforeAll(async () => {
  sshd = await TestSshd.start();
  session = await SshSession.connect({
    host: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: { privateKey: sshd.clientKey.privateKey },
    hostKey: { kind: 'expected', fingerprint: sshd.hostFingerprint },
  });
  bundle = mkdtempSync(join(tmpdir(), 'lc-ssh-checks-'));
  chmodSync(bundle, 0o755);
  await session.exec('rm -rf "${TMPDIR:-/tmp}"/lab-console.* ~/hook-ran');
});
afterAll(async () => {
  session?.close();
  await sshd?.dispose();
  rmSync(bundle, { recursive: true, force: true });
});

describe('progress checks', () => {
  it("passes on exit 0, shows a failing script's stderr as the hint, and scores passed / total", async () => {
    await session.exec('mkdir -p ~/project && touch ~/project/README');
    const report = await runProgressChecks(session, [
      script('readme.sh', '#!/bin/sh\ntest -f ~/project/README\n'),
      script('config.sh', '#!/bin/sh\ntest -f ~/project/config.yml || { echo "  Create ~/project/config.yml first.  " >&2; exit 1; }\n'),
      script('python.py', '#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n'),
      script('silent fail.sh', '#!/bin/sh\nexit 4\n'),
    ]);
    expect(report.total).toBe(4);
    expect(report.passed).toBe(2);
    expect(report.score).toBe(0.5);
    expect(report.outcomes.map((o) => [o.script, o.passed])).toEqual([
      ['checks/readme.sh', true],
      ['checks/config.sh', false],
      ['checks/python.py', true],
      ['checks/silent fail.sh', false],
    ]);
    expect(report.outcomes[1]).toMatchObject({ hint: 'Create ~/project/config.yml first.', exitCode: 1, timedOut: false });
    expect(report.outcomes[3]).toMatchObject({ hint: 'The check failed (exit status 4).', exitCode: 4 });
    expect(report.outcomes[0]!.hint).toBeUndefined();
    expect(await leftovers()).toBe('0');
  });

  it('bounds a long hint', async () => {
    const report = await runProgressChecks(session, [script('noisy.sh', '#!/bin/sh\nhead -c 50000 /dev/zero | tr "\\0" x >&2\nexit 1\n')], {
      maxHintChars: 100,
    });
    expect(report.outcomes[0]!.hint).toHaveLength(100);
    expect(report.outcomes[0]!.hint!.endsWith('…')).toBe(true);
  });

  it('stops a check that runs past its timeout, fails it with a hint saying so, and still cleans up', async () => {
    const started = Date.now();
    const report = await runProgressChecks(session, [script('slow.sh', '#!/bin/sh\nsleep 20\n')], { timeoutMs: 1000 });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(report.outcomes[0]).toMatchObject({
      passed: false,
      timedOut: true,
      hint: 'The check did not finish within 1 s and was stopped.',
    });
    expect(report.score).toBe(0);
    expect((await session.exec('pgrep -u "$(id -u)" -f "lab-console[.].*/[s]low[.]sh" | wc -l')).stdout.trim()).toBe('0');
    expect(await leftovers()).toBe('0');
  });

  it('scores a step without checks as complete', async () => {
    expect(await runProgressChecks(session, [])).toEqual({ outcomes: [], passed: 0, total: 0, score: 1 });
  });
});

describe('hooks', () => {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const logger: Logger = {
    debug: (message, fields) => lines.push({ level: 'debug', message, fields }),
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
    child: () => logger,
  };

  it('runs a hook on the lab and reports success', async () => {
    const outcome = await runHook(session, 'before-suspend', script('save.sh', '#!/bin/sh\ndate > ~/hook-ran\n'), { logger });
    expect(outcome).toMatchObject({ phase: 'before-suspend', ok: true, exitCode: 0 });
    expect((await session.exec('test -s ~/hook-ran && echo yes')).stdout).toBe('yes\n');
  });

  it('reports a failing hook with its stderr and logs it, without throwing', async () => {
    const outcome = await runHook(session, 'after-resume', script('broken.sh', '#!/bin/sh\necho "service did not start" >&2\nexit 2\n'), {
      logger,
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: 2, problem: 'exited with status 2: service did not start' });
    expect(lines.some((l) => l.level === 'warn' && l.message === 'hook failed')).toBe(true);
  });

  it('reports a hook that cannot even be copied (a missing course file) without throwing', async () => {
    const outcome = await runHook(
      session,
      'before-delete',
      { name: 'hooks/missing.sh', localPath: join(bundle, 'missing.sh') },
      { logger },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.problem).toMatch(/hooks|missing\.sh/);
    expect(await leftovers()).toBe('0');
  });

  it('reports a hook on a lost connection without throwing', async () => {
    const gone = await SshSession.connect({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.user,
      auth: { privateKey: sshd.clientKey.privateKey },
      hostKey: { kind: 'expected', fingerprint: sshd.hostFingerprint },
    });
    gone.close();
    const outcome = await runHook(gone, 'before-suspend', script('late.sh', '#!/bin/sh\ntrue\n'), { logger, timeoutMs: 2000 });
    expect(outcome.ok).toBe(false);
    expect(outcome.problem).toBeTruthy();
  });
});

describe('on a machine without the SFTP subsystem', () => {
  let bare: TestSshd;
  let noSftp: SshSession;
  const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => logger };

  beforeAll(async () => {
    bare = await TestSshd.start({ sftp: false });
    noSftp = await SshSession.connect({
      host: '127.0.0.1',
      port: bare.port,
      username: bare.user,
      auth: { privateKey: bare.clientKey.privateKey },
      hostKey: { kind: 'expected', fingerprint: bare.hostFingerprint },
    });
    await noSftp.exec('rm -rf "${TMPDIR:-/tmp}"/lab-console.* ~/project/config.yml');
  });
  afterAll(async () => {
    noSftp?.close();
    await bare?.dispose();
  });

  it('really has no SFTP: the subsystem is refused while commands run', async () => {
    await expect(noSftp.put(join(bundle, 'readme.sh'), '/tmp/lc-should-not-exist')).rejects.toThrow(/sftp/i);
    expect((await noSftp.exec('echo commands-run')).stdout).toBe('commands-run\n');
  });

  it('runs checks sent through the command channel: the same pass and fail, hints and scores, no folder left', async () => {
    await noSftp.exec('mkdir -p ~/project && touch ~/project/README');
    const report = await runProgressChecks(noSftp, [
      script('readme.sh', '#!/bin/sh\ntest -f ~/project/README\n'),
      script('config.sh', '#!/bin/sh\ntest -f ~/project/config.yml || { echo "Create ~/project/config.yml first." >&2; exit 1; }\n'),
      script('python.py', '#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n'),
      // A script that reads standard input must get none (not its own text), or it would hang.
      script('stdin.sh', '#!/bin/sh\nif read -r line; then echo "read: $line" >&2; exit 1; fi\n'),
    ]);
    expect(report.outcomes.map((o) => [o.script, o.passed])).toEqual([
      ['checks/readme.sh', true],
      ['checks/config.sh', false],
      ['checks/python.py', true],
      ['checks/stdin.sh', true],
    ]);
    expect(report.outcomes[1]).toMatchObject({ hint: 'Create ~/project/config.yml first.', exitCode: 1 });
    expect(await leftoversOn(noSftp)).toBe('0');
  });

  it('stops a check past its timeout and still removes its folder', async () => {
    const report = await runProgressChecks(noSftp, [script('slow.sh', '#!/bin/sh\nsleep 20\n')], { timeoutMs: 1000 });
    expect(report.outcomes[0]).toMatchObject({ passed: false, timedOut: true });
    expect(await leftoversOn(noSftp)).toBe('0');
  });

  it('runs a hook, and names the real cause when a script cannot be run (never a lost connection)', async () => {
    const outcome = await runHook(noSftp, 'after-resume', script('hook.sh', '#!/bin/sh\necho "hook-ran-$((6*7))" > ~/hook-ran\n'), {
      logger,
    });
    expect(outcome).toMatchObject({ ok: true, exitCode: 0 });
    expect((await noSftp.exec('cat ~/hook-ran')).stdout).toBe('hook-ran-42\n');

    const missing = await runHook(noSftp, 'before-delete', { name: 'hooks/missing.sh', localPath: join(bundle, 'missing.sh') }, { logger });
    expect(missing.ok).toBe(false);
    expect(missing.problem).toContain('missing.sh');
    expect(missing.problem).not.toMatch(/connection|resume|SFTP/i);
    expect(await leftoversOn(noSftp)).toBe('0');
  });
});
