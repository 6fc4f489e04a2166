/**
 * Progress checks and hooks on a real sshd: scripts copied over SFTP into a fresh temp folder,
 * run, removed; exit 0 passes, stderr is the hint, a script past its timeout is killed and said so.
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

/** Leftover lab-console temp folders on the lab. */
const leftovers = async () => (await session.exec('ls -d "${TMPDIR:-/tmp}"/lab-console.* 2>/dev/null | wc -l')).stdout.trim();

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
