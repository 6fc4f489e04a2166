/**
 * `lab-console lab …` follows Settings › Clouds as the app does, against the sandbox: with no cloud
 * named on the command line, the fallback order picks the cloud (one switched off is skipped), and a
 * block-mode usage limit refuses the resume once the learner's running hours reach it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import { confBackend } from '../../src/core/settings/conf-backend';
import { SettingsStore } from '../../src/core/settings/settings-store';
import { sampleCourseVariant, SAMPLE_COURSE, writeLabClouds } from '../support/lab-harness';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

// Its own course id, so its stack never meets other tests' labs of the same learner.
const COURSE = 'cli-settings-it';

describeWithSandbox('lab CLI with the clouds and limits of Settings', (sandbox) => {
  it('launches on the first cloud of the Settings order that is on, and refuses the resume past a block-mode usage limit', async () => {
    const state = sandbox();
    const dir = mkdtempSync(join(tmpdir(), 'lc-lab-cli-settings-'));
    const home = join(dir, 'home');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...writeLabClouds(state, dir, [
        { name: 'closed', user: 'learner1' },
        { name: 'school', user: 'learner3' },
      ]),
    };
    delete env.OS_CLOUD;
    delete env.LAB_CONSOLE_LAB_CLOUDS;
    let out = '';
    let err = '';
    const cli = async (...args: string[]) => {
      out = '';
      err = '';
      return runCli(['--home', home, ...args], { streams: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) }, env });
    };
    try {
      const courseYaml = readFileSync(join(SAMPLE_COURSE, 'course.yaml'), 'utf8').replace(/^id: intro-linux$/m, `id: ${COURSE}`);
      expect(await cli('course', 'import', sampleCourseVariant(dir, { 'course.yaml': courseYaml }))).toBe(0);
      // 0.0003 h ≈ 1 s of running time.
      new SettingsStore(confBackend(home)).update({
        labClouds: [
          { name: 'closed', capacity: 0 },
          { name: 'school', capacity: -1 },
        ],
        usageLimit: { hours: 0.0003, mode: 'block' },
      });

      expect(await cli('lab', 'launch', COURSE, '--wait'), err).toBe(0);
      expect(await cli('--json', 'lab', 'status', COURSE)).toBe(0);
      expect(JSON.parse(out).lab).toMatchObject({ provider: 'school', state: 'CREATE_COMPLETE' });
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await cli('lab', 'suspend', COURSE, '--wait'), err).toBe(0);

      expect(await cli('lab', 'resume', COURSE, '--wait')).toBe(1);
      expect(err).toMatch(/You have used 0\.\d of your 0\.0003 lab hours; launching and resuming labs is blocked/);
      expect(await cli('--json', 'lab', 'status', COURSE)).toBe(0);
      expect(JSON.parse(out).lab).toMatchObject({ state: 'SUSPEND_COMPLETE' });
    } finally {
      await cli('lab', 'delete', COURSE, '--wait');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
