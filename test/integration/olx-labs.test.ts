/**
 * A hastexo course from Open edX runs here unchanged: the corpus export (test/data/olx) imported
 * with the built CLI (`node bin/lab-console.js`, run `npm run build` first), its converted labs
 * launched on the sandbox, their checks failing and then passing as the learner does the step over
 * SSH, hastexo's hook script run with its event, and the VNC lab launched and its desktop shown
 * through the app (`lab-console serve`'s API and stream, an RFB client in noVNC's place).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyCorpus, editCorpusFile, OLX_CORPUS } from '../../src/core/courses/olx/olx-corpus.test-support';
import { LabCheckOutput } from '../../src/shared/labs/check-calls';
import { LabStatusOutput } from '../../src/shared/labs';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { writeLabClouds } from '../support/lab-harness';
import { RfbTestClient } from '../support/rfb-test-client';
import { openServeApi, openServeStream } from '../support/serve-api';
import { CLI, startServe } from '../support/serve-process';

const ROUTING = 'hastexo-net101-routing-lab';
const FILES = 'hastexo-net101-files-lab';
const VNC = 'hastexo-net101-vnc-lab';
const PREFERRED = 'hastexo-net102-files-lab';

describeWithSandbox('an Open edX course with hastexo labs, imported and run on the sandbox', (sandbox) => {
  let work: string;
  let home: string;
  let env: NodeJS.ProcessEnv;

  function cli(args: readonly string[]): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [CLI, '--home', home, '--os-cloud', 'school', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 240_000,
    });
  }

  function ok(args: readonly string[]): SpawnSyncReturns<string> {
    const result = cli(args);
    expect(result.status, result.stderr).toBe(0);
    return result;
  }

  const labStatus = (course: string) => LabStatusOutput.parse(JSON.parse(ok(['--json', 'lab', 'status', course]).stdout)).lab;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'lc-olx-labs-'));
    home = join(work, 'home');
    env = writeLabClouds(sandbox(), work, [{ name: 'school', user: 'learner2' }]);
    const imported = ok(['course', 'import', OLX_CORPUS]);
    expect(imported.stdout).toContain(`Imported ${ROUTING} `);
  });

  afterAll(() => {
    if (!home) return;
    for (const course of [ROUTING, FILES, VNC, PREFERRED]) cli(['lab', 'delete', course]);
    rmSync(work, { recursive: true, force: true });
  });

  it('launches the converted ssh lab; its check fails with the hint, then passes once the learner wrote the route', () => {
    ok(['lab', 'launch', ROUTING]);
    expect(labStatus(ROUTING)).toMatchObject({ ready: true, provider: 'school' });
    // The lab hosts of one sandbox share a Unix user: start from a clean home.
    ok(['lab', 'exec', ROUTING, '--', 'rm -f ~/routes.txt ~/.lab-events']);

    const failed = cli(['lab', 'check', ROUTING, '--step', 'routing_practice']);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('FAIL  checks/routing_practice-1.sh');
    expect(failed.stdout).toContain('hint: Write the route 10.0.0.0/24 into ~/routes.txt (see the step).');

    ok(['lab', 'exec', ROUTING, '--', 'echo "10.0.0.0/24 via 192.168.1.1" > ~/routes.txt']);
    const passed = cli(['--json', 'lab', 'check', ROUTING, '--step', 'routing_practice']);
    expect(passed.status).toBe(0);
    expect(LabCheckOutput.parse(JSON.parse(passed.stdout))).toMatchObject({ courseId: ROUTING, passed: 1, total: 1, score: 1 });
  });

  it("runs hastexo's hook script with the event, before suspend and after resume", { timeout: 300_000 }, () => {
    ok(['lab', 'suspend', ROUTING]);
    expect(labStatus(ROUTING)?.state).toBe('SUSPEND_COMPLETE');
    ok(['lab', 'resume', ROUTING]);
    const events = ok(['lab', 'exec', ROUTING, '--', 'cat ~/.lab-events']);
    expect(events.stdout).toBe('suspend\nresume\n');
  });

  it('launches the lab of a block read from stackamole/<url_name>.xml; its two <option:tests> fail, then pass', () => {
    ok(['lab', 'launch', FILES]);
    ok(['lab', 'exec', FILES, '--', 'rm -rf ~/notes']);
    const failed = LabCheckOutput.parse(JSON.parse(cli(['--json', 'lab', 'check', FILES, '--step', 'files_task']).stdout));
    expect(failed).toMatchObject({ passed: 0, total: 2 });
    expect(failed.runs[0]!.outcomes.map((o) => o.hint)).toEqual([
      'Create the folder ~/notes first.',
      'Write something into ~/notes/today.txt.',
    ]);

    ok(['lab', 'exec', FILES, '--', 'mkdir -p ~/notes && echo "routes checked" > ~/notes/today.txt']);
    expect(cli(['lab', 'check', FILES, '--step', 'files_task']).status).toBe(0);
  });

  it('launches the converted VNC lab and shows its desktop through the app, which keeps the VNC password to itself', async () => {
    ok(['lab', 'launch', VNC]);
    expect(labStatus(VNC)).toMatchObject({ ready: true, provider: 'school' });
    const serve = await startServe(home, env);
    try {
      const api = await openServeApi(serve);
      const { sessionId } = await api.call<{ sessionId: string }>('session.open', { kind: 'vnc', courseId: VNC, connection: 'desktop' });
      let send: (message: unknown) => void = () => undefined;
      const newClient = () => new RfbTestClient((bytes) => send({ t: 'vnc-data', data: bytes.toString('base64') }));
      let client = newClient();
      const stream = await openServeStream(serve, sessionId, {
        data: (bytes) => {
          client.receive(bytes);
          send({ t: 'ack', bytes: bytes.length });
        },
        // Each ready starts a conversation, as the page makes a new noVNC client then.
        control: (message) => {
          if (message.t === 'ready') client = newClient();
        },
      });
      send = stream.send;
      await expect.poll(() => client.ready && client.updates > 0, { timeout: 30_000 }).toBe(true);
      await expect.poll(() => client.stats().foreground, { timeout: 15_000 }).toBeGreaterThan(0.05);
      const connected = api.events.find((e) => e.event === 'session.status' && (e.payload as { status: string }).status === 'connected');
      expect(connected?.payload).toMatchObject({ kind: 'vnc', sessionId, encrypted: true });
      // The converted course reads the template's vnc_password; the client was offered no password at all.
      expect(client.offeredTypes).toEqual([1]);
      stream.close();
      api.close();
    } finally {
      await serve.stop();
    }
  });

  it("launches on the learner's cloud a provider names, with that provider's own template", async () => {
    // The files lab again, under another course id, with a provider named like the learner's cloud.
    const corpus = await copyCorpus(join(work, 'preferred'));
    await editCorpusFile(corpus, 'course.xml', 'course="NET101"', 'course="NET102"');
    await editCorpusFile(
      corpus,
      'stackamole/files_lab_block.xml',
      '      environment: hot_env.yaml\n',
      '      environment: hot_env.yaml\n    - name: school\n      capacity: 5\n      template: hot_lab_school.yaml\n',
    );
    const template = readFileSync(join(corpus, 'static', 'hot_lab.yaml'), 'utf8');
    writeFileSync(join(corpus, 'static', 'hot_lab_school.yaml'), `${template}  served_by:\n    value: the school template\n`);
    ok(['course', 'import', corpus]);
    ok(['lab', 'launch', PREFERRED]);
    expect(labStatus(PREFERRED)).toMatchObject({ provider: 'school', ready: true, outputs: { served_by: 'the school template' } });
  });
});
