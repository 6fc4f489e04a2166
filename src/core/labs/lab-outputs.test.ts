import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../../test/support/temp-home';
import { CourseManifestSchema } from '../../shared/course/course-manifest';
import { RotatingFileLog } from '../log/file-logger';
import { splitOutputs } from './lab-outputs';

const manifest = CourseManifestSchema.parse({
  id: 'outputs-course',
  title: 'Outputs',
  version: '1.0.0',
  steps: [{ id: 'one', title: 'One', file: 'steps/one.md' }],
});

describe('splitOutputs', () => {
  it('keeps secret outputs apart, and the logs mask their values from then on', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-lab-outputs-test\n-----END OPENSSH PRIVATE KEY-----\n';
    const { plain, secret } = splitOutputs(manifest, { private_key: key, password: 'lab-Pa55-outputs', host: '10.0.0.5' });
    expect(plain).toEqual({ host: '10.0.0.5' });
    expect(secret).toEqual({ private_key: key, password: 'lab-Pa55-outputs' });

    const dir = testFolder('lc-log-');
    // Heat lists outputs as {output_key, output_value}: no key name gives the value away.
    new RotatingFileLog({ dir, name: 'cli' }).logger().info('stack outputs', {
      outputs: [
        { output_key: 'a', output_value: 'lab-Pa55-outputs' },
        { output_key: 'b', output_value: JSON.stringify(key) },
      ],
    });
    const text = readFileSync(join(dir, 'cli.log'), 'utf8');
    expect(text).not.toContain('lab-Pa55-outputs');
    expect(text).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
  });
});
