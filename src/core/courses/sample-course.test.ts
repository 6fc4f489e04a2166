import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCourseIssue } from '../../shared/course';
import { openDatabase } from '../store/database';
import { checkBundle } from './bundle-check';
import { CourseLibrary } from './course-library';

const SAMPLE = fileURLToPath(new URL('../../../assets/sample-course', import.meta.url));

describe('the sample course in assets/', () => {
  it('is valid against its own Heat template and maps the template outputs', async () => {
    const { report, manifest } = await checkBundle(SAMPLE);
    expect(report.issues.map(formatCourseIssue)).toEqual([]);
    expect(manifest?.steps.length).toBeGreaterThanOrEqual(4);
    expect(manifest?.lab?.connections.map((c) => [c.name, c.protocol, c.port])).toEqual([
      ['terminal', 'ssh', { from: 'output', output: 'ssh_port', required: true }],
      ['desktop', 'rdp', { from: 'output', output: 'rdp_port', required: true }],
    ]);
    expect(manifest?.lab?.environment).toBe('lab/environment.yaml');
  });

  it('imports, shows its image offline and is searchable', async () => {
    const work = await mkdtemp(join(tmpdir(), 'lc-sample-'));
    const db = openDatabase({ path: ':memory:' });
    try {
      const library = new CourseLibrary({ db, home: work });
      await library.import(SAMPLE);
      const step = await library.readStep('intro-linux', 'meet-your-lab');
      expect(step.images.map((i) => i.bundlePath)).toEqual(['images/lab-overview.svg']);
      expect(step.markdown).toContain('```bash');
      const hits = await library.search('nohup ticker');
      expect(hits[0]).toMatchObject({ courseId: 'intro-linux', stepId: 'small-service' });
    } finally {
      db.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
