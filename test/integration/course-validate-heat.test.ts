import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { sampleCourseVariant } from '../support/course-bundles';
import { CLI } from '../support/serve-process';
import { testFolder } from '../support/temp-home';
import { writeLabClouds } from '../support/lab-harness';
import { SAMPLE_COURSE_DIR } from '../support/course-bundles';

describeWithSandbox('course validate with a cloud runs Heat template-validate', (sandbox) => {
  function validate(dir: string) {
    const cloudsDir = testFolder('lc-validate-');
    const env = writeLabClouds(sandbox(), cloudsDir, [{ name: 'school', user: 'learner2' }]);
    const home = testFolder('lc-validate-home-');
    return spawnSync(process.execPath, [CLI, '--home', home, '--os-cloud', 'school', 'course', 'validate', dir], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  }

  it('accepts the sample course when Heat accepts its template with the cloud environment', () => {
    const result = validate(SAMPLE_COURSE_DIR);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('OK: intro-linux');
  });

  it('exits 2 naming the template and Heat’s reason when Heat refuses it', () => {
    const template = readFileSync(join(SAMPLE_COURSE_DIR, 'lab', 'lab.yaml'), 'utf8');
    const broken = sampleCourseVariant({
      'lab/lab.yaml': template.replace(/resources:\n/, 'resources:\n  bogus:\n    type: OS::No::SuchThing\n'),
    });
    const result = validate(broken);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('lab/lab.yaml');
    expect(result.stderr).toContain('Heat on cloud "school" refused it');
    expect(result.stderr).toContain('OS::No::SuchThing');
  });
});
