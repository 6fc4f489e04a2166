/**
 * The lab engine against the real Keystone + Heat sandbox: launch → ready → suspend (the lab stops
 * answering) → resume → delete; a failing template ends with Heat's reason; provider fallback.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { labStackName } from '../../src/core/labs/lab-identity';
import { probeOnce } from '../../src/core/labs/readiness-probe';
import { connectTo } from './openstack-sandbox';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { labHarness, sampleCourseVariant, SAMPLE_COURSE, type LabHarness } from '../support/lab-harness';
import type { SandboxState } from '../sandbox/state';
import { learner } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

const COURSE = 'intro-linux';

describeWithSandbox('lab lifecycle on the sandbox', (sandbox) => {
  let state: SandboxState;
  let dir: string;
  const harnesses: LabHarness[] = [];

  beforeAll(() => {
    state = sandbox();
    dir = mkdtempSync(join(tmpdir(), 'lc-labs-it-'));
  });

  afterEach(async () => {
    // Clean up whatever a test left, through the engine itself, then check Heat agrees.
    for (const h of harnesses.splice(0)) {
      await h.run('lab.delete', COURSE).catch(() => undefined);
      await h.close();
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function harness(user: string, extra: Partial<Parameters<typeof labHarness>[0]> = {}): Promise<LabHarness> {
    const h = await labHarness({ state, clouds: [{ name: `${user}-lab`, user }], ...extra });
    harnesses.push(h);
    return h;
  }

  it('launches, suspends (the lab stops answering), resumes and deletes the sample lab, keeping keys out of SQLite', async () => {
    const h = await harness('learner1');
    const launched = await h.run('lab.launch', COURSE);
    expect(launched.status, launched.error?.message).toBe('succeeded');
    let lab = h.service.store.latestForCourse(COURSE)!;
    expect(lab).toMatchObject({
      state: 'CREATE_COMPLETE',
      group: 'up',
      ready: true,
      stackName: labStackName(COURSE, learner(state, 1).userId),
    });
    const terminal = await h.service.connections.resolve(COURSE, 'terminal');
    expect(terminal.privateKey).toMatch(/BEGIN OPENSSH PRIVATE KEY/);
    expect(await probeOnce(terminal.host, terminal.port, 'ssh')).toBe(true);
    // Secrets are in the SecretStore only.
    const dump = JSON.stringify(h.db.prepare('SELECT * FROM labs').all()) + JSON.stringify(h.db.prepare('SELECT * FROM lab_ledger').all());
    expect(dump).not.toContain('PRIVATE KEY');
    expect(dump).not.toContain(String(lab.outputs.password ?? 'no-password-in-record'));
    expect(lab.outputs).not.toHaveProperty('private_key');

    expect((await h.run('lab.suspend', COURSE)).status).toBe('succeeded');
    lab = h.service.store.latestForCourse(COURSE)!;
    expect(lab).toMatchObject({ state: 'SUSPEND_COMPLETE', group: 'down', ready: false, suspendBy: null });
    expect(lab.deleteBy).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(await probeOnce(terminal.host, terminal.port, 'ssh')).toBe(false);

    expect((await h.run('lab.resume', COURSE)).status).toBe('succeeded');
    lab = h.service.store.latestForCourse(COURSE)!;
    expect(lab).toMatchObject({ state: 'RESUME_COMPLETE', ready: true, deleteBy: null });
    const again = await h.service.connections.resolve(COURSE, 'terminal');
    expect(await probeOnce(again.host, again.port, 'ssh')).toBe(true);

    expect((await h.run('lab.delete', COURSE)).status).toBe('succeeded');
    expect(h.service.store.latestForCourse(COURSE)).toMatchObject({ state: 'DELETE_COMPLETE', stackId: null });
    expect(await h.secrets.keys(`lab/${lab.stackName}/`)).toEqual([]);
    const conn = await connectTo(state, 'learner1');
    expect(await stacksNamed(conn, lab.stackName)).toEqual([]);
    await conn.close();

    // Every transition is in the ledger, and the running time spans launch → suspend, resume → delete.
    const states = h.service.store.ledger({ courseId: COURSE }).map((e) => `${e.state}:${e.running ? 1 : 0}`);
    expect(states).toContain('SUSPEND_COMPLETE:0');
    expect(states[states.length - 1]).toBe('DELETE_COMPLETE:0');
    expect(h.service.view(COURSE).usage.runningHours).toBeGreaterThan(0);
  });

  it('runs a launch twice without a second stack: the second converges on the first', async () => {
    const h = await harness('learner1');
    expect((await h.run('lab.launch', COURSE)).status).toBe('succeeded');
    const first = h.service.store.latestForCourse(COURSE)!;
    expect((await h.run('lab.launch', COURSE)).status).toBe('succeeded');
    expect(h.service.store.latestForCourse(COURSE)!.stackId).toBe(first.stackId);
    const conn = await connectTo(state, 'learner1');
    expect(await stacksNamed(conn, first.stackName)).toHaveLength(1);
    await conn.close();
  });

  it("fails a launch of a failing template with Heat's reason and deletes the failed stack", async () => {
    const template = readFileSync(join(SAMPLE_COURSE, 'lab/lab.yaml'), 'utf8').replace(
      '      value: { get_param: run }\n',
      '      value: { get_param: run }\n      fail: true\n',
    );
    const course = sampleCourseVariant(join(dir, 'failing'), { 'lab/lab.yaml': template });
    const h = await harness('learner2', { course });
    const job = await h.run('lab.launch', COURSE);
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(job.error?.message).toMatch(/Heat's reason: .*(Test Resource failed|ValueError)/);
    const lab = h.service.store.latestForCourse(COURSE)!;
    expect(lab).toMatchObject({ state: 'LAUNCH_ERROR', stackId: null });
    expect(lab.error).toMatch(/Test Resource failed|ValueError/);
    expect(h.service.view(COURSE).activity?.error).toMatch(/Heat's reason/);
    const conn = await connectTo(state, 'learner2');
    expect(await stacksNamed(conn, lab.stackName)).toEqual([]);
    await conn.close();
  });

  it('falls back to the second cloud when the first fails to create, and stays there (sticky)', async () => {
    mkdirSync(join(dir, 'fallback'), { recursive: true });
    const failingHost = join(dir, 'fallback', 'failing-host.yaml');
    writeFileSync(
      failingHost,
      [
        'heat_template_version: 2018-08-31',
        'parameters: {run: {type: string}, image: {type: string}, flavor: {type: string}, network: {type: string}, external_network: {type: string}}',
        'resources:',
        '  broken: {type: OS::Heat::TestResource, properties: {fail: true}}',
        'outputs: {public_ip: {value: 127.0.0.1}, private_key: {value: x}, password: {value: x}, user: {value: x}, ssh_port: {value: 1}, rdp_port: {value: 1}}',
      ].join('\n'),
    );
    const env = join(dir, 'fallback', 'failing-env.yaml');
    writeFileSync(env, `resource_registry:\n  "Lab::Host": ${failingHost}\n`);
    const h = await labHarness({
      state,
      clouds: [
        { name: 'first', user: 'learner3', heatEnvironment: env },
        { name: 'second', user: 'learner3' },
      ],
    });
    harnesses.push(h);
    const job = await h.run('lab.launch', COURSE);
    expect(job.status, job.error?.message).toBe('succeeded');
    const lab = h.service.store.latestForCourse(COURSE)!;
    expect(lab).toMatchObject({ provider: 'second', state: 'CREATE_COMPLETE', ready: true });
    const ledger = h.service.store.ledger({ courseId: COURSE });
    expect(ledger.some((e) => e.provider === 'first' && e.state === 'LAUNCH_ERROR')).toBe(true);
    // Sticky: suspend + launch stays on "second" although "first" comes first.
    expect((await h.run('lab.suspend', COURSE)).status).toBe('succeeded');
    expect((await h.run('lab.launch', COURSE)).status).toBe('succeeded');
    expect(h.service.store.latestForCourse(COURSE)).toMatchObject({ provider: 'second', state: 'RESUME_COMPLETE' });
    const conn = await connectTo(state, 'learner3');
    expect(await stacksNamed(conn, lab.stackName)).toHaveLength(1);
    await conn.close();
  });

  it('skips a cloud with capacity 0 and refuses when no cloud has room', async () => {
    const h = await labHarness({ state, clouds: [{ name: 'closed', user: 'learner2', capacity: 0 }] });
    harnesses.push(h);
    const job = await h.run('lab.launch', COURSE);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/No cloud has room.*closed/);
  });
});

/** Stacks of that name Heat still has (a just-deleted stack may linger in lists as DELETE_COMPLETE). */
async function stacksNamed(connection: OpenStackConnection, name: string): Promise<string[]> {
  return (await connection.heat.listAll()).filter((s) => s.name === name && s.status !== 'DELETE_COMPLETE').map((s) => s.status);
}

describeWithSandbox('lab-console lab … --wait on the sandbox', (sandbox) => {
  it("exits 1 with Heat's reason for a failing template, and 0 for a delete", async () => {
    const { runCli } = await import('../../src/core/cli/cli-main');
    const { writeLabClouds } = await import('../support/lab-harness');
    const state = sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'lc-labs-cli-'));
    try {
      const env = { ...process.env, ...writeLabClouds(state, dir, [{ name: 'cli', user: 'learner2' }]) };
      const template = readFileSync(join(SAMPLE_COURSE, 'lab/lab.yaml'), 'utf8').replace(
        '      value: { get_param: run }\n',
        '      value: { get_param: run }\n      fail: true\n',
      );
      const course = sampleCourseVariant(dir, { 'lab/lab.yaml': template });
      let out = '';
      let err = '';
      const streams = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
      const home = join(dir, 'home');
      expect(await runCli(['--home', home, 'course', 'import', course], { streams, env })).toBe(0);
      expect(await runCli(['--home', home, '--os-cloud', 'cli', 'lab', 'launch', COURSE, '--wait'], { streams, env })).toBe(1);
      expect(err).toMatch(/error: The lab could not be created on cloud "cli"\. Heat's reason: .*Test Resource failed/);
      expect(err).toMatch(/Creating the lab on cli/);
      out = '';
      expect(await runCli(['--home', home, '--json', '--os-cloud', 'cli', 'lab', 'status', COURSE], { streams, env })).toBe(0);
      expect(JSON.parse(out).lab).toMatchObject({ state: 'LAUNCH_ERROR', stackId: null });
      expect(await runCli(['--home', home, '--os-cloud', 'cli', 'lab', 'delete', COURSE, '--wait'], { streams, env })).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
