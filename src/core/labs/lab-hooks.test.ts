import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CourseManifestSchema } from '../../shared/course/course-manifest';
import type { LabNotice } from '../../shared/labs';
import { systemClock } from '../time/clock';
import { LabHooks } from './lab-hooks';
import type { SshSession } from '../connect/ssh';
import type { LabSsh } from './lab-ssh';
import type { LabRecord } from './lab-store';

const manifest = CourseManifestSchema.parse({
  id: 'hooked',
  title: 'Hooked',
  version: '1.0.0',
  lab: {
    template: 'lab/lab.yaml',
    connections: [{ name: 'terminal', protocol: 'ssh', host: { output: 'public_ip' }, user: 'lab' }],
    hooks: { before_suspend: 'hooks/save.sh' },
  },
  steps: [{ id: 'one', title: 'One', file: 'steps/one.md' }],
});

const record = (patch: Partial<LabRecord> = {}): LabRecord =>
  ({
    courseId: 'hooked',
    userId: 'u',
    stackName: 's',
    stackId: 'id',
    state: 'CREATE_COMPLETE',
    group: 'up',
    ready: true,
    ...patch,
  }) as LabRecord;

/** The course's files: the hook script is read here before it is sent to the lab. */
const courseDir = mkdtempSync(join(tmpdir(), 'lc-hooked-'));
mkdirSync(join(courseDir, 'hooks'));
writeFileSync(join(courseDir, 'hooks', 'save.sh'), '#!/bin/sh\ntrue\n');
afterAll(() => rmSync(courseDir, { recursive: true, force: true }));

function hooks(open: LabSsh['open']) {
  const notices: LabNotice[] = [];
  const opened: string[] = [];
  const ssh = {
    open: (courseId: string, connection?: string) => (opened.push(`${courseId}/${connection}`), open(courseId, connection)),
  } as LabSsh;
  const runner = new LabHooks({
    ssh,
    courses: { manifest: () => manifest, courseDir: () => courseDir },
    clock: systemClock,
    notify: (n) => notices.push(n),
  });
  return { runner, notices, opened };
}

describe('lab hooks', () => {
  it('tells the learner when the lab cannot be reached for a hook, and never throws', async () => {
    const { runner, notices, opened } = hooks(async () => {
      throw new Error('The lab at 10.0.0.5:22 refused the SSH connection.');
    });
    const outcome = await runner.run('before-suspend', record());
    expect(opened).toEqual(['hooked/terminal']);
    expect(outcome).toMatchObject({ phase: 'before-suspend', script: 'hooks/save.sh', ok: false });
    expect(notices).toEqual([
      expect.objectContaining({
        courseId: 'hooked',
        kind: 'hook-failed',
        message:
          "The course's before suspend script hooks/save.sh could not reach the lab: The lab at 10.0.0.5:22 refused the SSH connection. The lab is suspended anyway.",
      }),
    ]);
  });

  it('cuts a hook short when its job is stopped (the app quits), without telling the learner it failed', async () => {
    const pending: ((error: Error) => void)[] = [];
    const session = {
      // The remote side never answers: only closing the connection ends the call.
      exec: () => new Promise((_resolve, reject) => pending.push(reject)),
      close: () => pending.splice(0).forEach((reject) => reject(new Error('connection closed'))),
    };
    const { runner, notices } = hooks(async () => session as unknown as SshSession);
    const stop = new AbortController();
    const running = runner.run('before-suspend', record(), { signal: stop.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    expect(await running).toMatchObject({ ok: false });
    expect(notices).toEqual([]);
  });

  it('cuts a hook short when its job is stopped while the connection to the lab is still opening', async () => {
    const pending: ((error: Error) => void)[] = [];
    let closed = false;
    const session = {
      // As over SSH: a closed connection refuses new commands; an open one never answers here.
      exec: () => new Promise((_resolve, reject) => (closed ? reject(new Error('connection closed')) : pending.push(reject))),
      close: () => {
        closed = true;
        pending.splice(0).forEach((reject) => reject(new Error('connection closed')));
      },
    };
    const stop = new AbortController();
    // The connection opens only after the job was stopped.
    const { runner, notices } = hooks(async () => {
      stop.abort();
      return session as unknown as SshSession;
    });
    expect(await runner.run('before-suspend', record(), { signal: stop.signal })).toMatchObject({ ok: false });
    expect(notices).toEqual([]);
  });

  it('runs nothing for a phase the course has no hook for, or on a lab that is not up', async () => {
    const { runner, notices, opened } = hooks(async () => {
      throw new Error('must not connect');
    });
    expect(await runner.run('after-resume', record())).toBeUndefined();
    expect(await runner.run('before-suspend', record({ state: 'SUSPEND_COMPLETE', group: 'down', ready: false }))).toBeUndefined();
    expect(opened).toEqual([]);
    expect(notices).toEqual([]);
  });
});
