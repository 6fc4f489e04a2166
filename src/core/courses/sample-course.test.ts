import { mkdtemp, readFile, rm } from 'node:fs/promises';
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

  it('shows every part of the format: a web service and its tab, hints, a solve script, a named button, extensions', async () => {
    const { manifest } = await checkBundle(SAMPLE);
    const lab = manifest?.lab;
    expect(lab?.services.map((s) => [s.name, s.connection, s.tls])).toEqual([['Web page', 'terminal', 'none']]);
    expect(lab?.tabs.find((t) => t.service)).toEqual({ connection: 'terminal', title: 'My web page', service: 'Web page' });
    expect(lab?.timeouts).toMatchObject({ max_session: 4 * 3600, max_extensions: 2, extension: 3600 });
    const first = manifest?.steps[0];
    expect(first?.hints.length).toBeGreaterThan(1);
    expect(first?.solve?.script).toBe('solve/hello-file.sh');
    // The step's text names the button the course gives it.
    expect(first?.check_display?.button).toBe('Check my progress');
    expect(await readFile(join(SAMPLE, first!.file), 'utf8')).toContain('press **Check my progress**');
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
