/**
 * A course bundle edited on disk after import cannot make a launch read a file outside it: the
 * launch reads the stored bundle through the same confinement as `course import`, and fails
 * before anything reaches Heat. Checked with the learner's own Heat: no stack was created.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { sampleCourseVariant, SAMPLE_COURSE, writeLabClouds } from '../support/lab-harness';
import { connectTo } from './openstack-sandbox';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

// Its own course id, so its stack never meets other tests' labs of the same learner.
const COURSE = 'confinement-it';
const LEARNER = 'learner3';

describeWithSandbox('a launch of a course edited after import', (sandbox) => {
  it('is refused naming file:line and the reference, before any stack exists, for a path out and for a link out', async () => {
    const state = sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'lc-confinement-'));
    const home = join(dir, 'home');
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'learner secret: hunter2\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...writeLabClouds(state, dir, [{ name: 'school', user: LEARNER }]),
      OS_CLOUD: 'school',
    };
    delete env.LAB_CONSOLE_LAB_CLOUDS;
    let out = '';
    let err = '';
    const cli = async (...args: string[]) => {
      out = '';
      err = '';
      return runCli(['--home', home, ...args], { streams: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) }, env });
    };
    const heat = (await connectTo(state, LEARNER)).heat;
    const ourStacks = async () =>
      (await heat.listAll())
        .filter((s) => s.name.startsWith(`lc-${COURSE}-`) && s.status !== 'DELETE_COMPLETE')
        .map((s) => `${s.name} ${s.status}`);
    const template = readFileSync(join(SAMPLE_COURSE, 'lab', 'lab.yaml'), 'utf8');
    // The planted resource's get_file sits 4 lines below the sample template's resources: line.
    const leakLine = template.split('\n').indexOf('resources:') + 1 + 4;
    const withLeak = (getFile: string) =>
      template.replace(
        'resources:\n',
        `resources:\n  leak:\n    type: OS::Heat::Value\n    properties:\n      value: {get_file: ${getFile}}\n`,
      );
    const stored = join(home, 'courses', COURSE, 'lab');
    try {
      const courseYaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
      expect(await cli('course', 'import', sampleCourseVariant(dir, { 'course.yaml': courseYaml }))).toBe(0);
      expect(await ourStacks()).toEqual([]);

      writeFileSync(join(stored, 'lab.yaml'), withLeak(secret));
      expect(await cli('lab', 'launch', COURSE, '--wait'), err).toBe(2);
      expect(err).toMatch(
        new RegExp(
          `lab/lab\\.yaml:${leakLine}:\\d+ resources\\.leak\\.properties\\.value\\.get_file: "${secret.replace(/[.]/g, '\\.')}" is an absolute path`,
        ),
      );
      expect(err).not.toContain('hunter2');
      expect(await ourStacks()).toEqual([]);
      expect(await cli('--json', 'lab', 'status', COURSE)).toBe(0);
      expect(JSON.parse(out).lab).toMatchObject({ state: 'LAUNCH_ERROR', stackId: null });

      symlinkSync(secret, join(stored, 'motd.txt'));
      writeFileSync(join(stored, 'lab.yaml'), withLeak('motd.txt'));
      expect(await cli('lab', 'launch', COURSE, '--wait'), err).toBe(2);
      expect(err).toMatch(
        new RegExp(
          `lab/lab\\.yaml:${leakLine}:\\d+ resources\\.leak\\.properties\\.value\\.get_file: "motd\\.txt" is a link to a file outside the bundle`,
        ),
      );
      expect(await ourStacks()).toEqual([]);
    } finally {
      await cli('lab', 'delete', COURSE, '--wait');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
