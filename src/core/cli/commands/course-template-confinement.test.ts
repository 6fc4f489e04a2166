import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { link, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationReport } from '../../../shared/course';
import { runCliCaptured, type CliOutcome } from '../cli-capture.test-support';
import { openDatabase, type Db } from '../../store/database';
import { CourseBundleError } from '../../courses/course-errors';
import { fixtureCourseYaml, FIXTURE_TEMPLATE, writeFixtureCourse } from '../../courses/course-fixture';
import { CourseLibrary } from '../../courses/course-library';
import { prepareCourseLab } from '../../courses/lab-template';

/**
 * A course's Heat template and environment may only name files inside the bundle. These drive
 * the real `lab-console course validate` / `course import`, and the reader every launch uses on
 * the stored bundle.
 */

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-lab-template-'));
  await writeFile(join(work, 'secret.txt'), 'the learner’s secret\n');
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const cli = (...args: string[]): Promise<CliOutcome> => runCliCaptured(join(work, 'home'), args);

/** FIXTURE_TEMPLATE with one more resource right after `resources:` (its line 9), so the added lines start at 10. */
function templateWith(resource: string): string {
  return FIXTURE_TEMPLATE.replace('resources:\n', `resources:\n${resource}`);
}

const leak = (getFile: string): string => `  leak:\n    type: OS::Heat::Value\n    properties:\n      value: {get_file: ${getFile}}\n`;

/** A course folder whose lab/lab.yaml (and lab/environment.yaml, when given) are these. */
async function course(name: string, files: { template?: string; environment?: string; extra?: Record<string, string> }): Promise<string> {
  let courseYaml = fixtureCourseYaml();
  if (files.environment !== undefined)
    courseYaml = courseYaml.replace('  template: lab/lab.yaml\n', '  template: lab/lab.yaml\n  environment: lab/environment.yaml\n');
  return writeFixtureCourse(join(work, name), {
    courseYaml,
    extraFiles: {
      'lab/lab.yaml': files.template ?? FIXTURE_TEMPLATE,
      ...(files.environment !== undefined ? { 'lab/environment.yaml': files.environment } : {}),
      ...files.extra,
    },
  });
}

/** validate and import both exit 2 naming `where` and the reference, and the library stays empty. */
async function expectRefusedByCli(dir: string, where: RegExp, reference: string): Promise<void> {
  const validated = await cli('course', 'validate', dir);
  expect(validated.code, validated.stdout + validated.stderr).toBe(2);
  expect(validated.stderr).toMatch(where);
  expect(validated.stderr).toContain(reference);
  expect(validated.stderr).not.toMatch(/\n\s+at /);

  const imported = await cli('course', 'import', dir);
  expect(imported.code, imported.stdout + imported.stderr).toBe(2);
  expect(imported.stderr).toMatch(where);
  expect(imported.stderr).toContain(reference);
  expect((await cli('course', 'list')).stdout).toContain('The library is empty');
}

// The first CLI run of a file loads the whole app: slow on a busy machine.
describe('course validate and course import keep template references inside the bundle', { timeout: 30_000 }, () => {
  it('refuses get_file with an absolute path, naming the template, its line and the path', async () => {
    const dir = await course('absolute', { template: templateWith(leak('/etc/hostname')) });
    await expectRefusedByCli(dir, /lab\/lab\.yaml:13:\d+ resources\.leak\.properties\.value\.get_file: .*absolute path/, '"/etc/hostname"');

    const machine = await cli('--json', 'course', 'validate', dir);
    const report = ValidationReport.parse(JSON.parse(machine.stdout.trim().split('\n')[0] ?? ''));
    expect(report.issues).toEqual([
      expect.objectContaining({ file: 'lab/lab.yaml', line: 13, path: 'resources.leak.properties.value.get_file' }),
    ]);
  });

  it('refuses get_file climbing out of the bundle with ".."', async () => {
    const dir = await course('dotdot', { template: templateWith(leak('../../secret.txt')) });
    await expectRefusedByCli(dir, /lab\/lab\.yaml:13:\d+ .*outside the bundle/, '"../../secret.txt"');
  });

  it('refuses a nested template named by a file: URL outside the bundle', async () => {
    await writeFile(join(work, 'outside.yaml'), 'heat_template_version: 2018-08-31\nresources: {}\n');
    const outside = pathToFileURL(join(work, 'outside.yaml')).href;
    const dir = await course('file-url', { template: templateWith(`  nested:\n    type: ${outside}\n`) });
    await expectRefusedByCli(dir, /lab\/lab\.yaml:11:\d+ resources\.nested\.type: .*outside the bundle/, `"${outside}"`);
  });

  it('refuses an environment entry that base_url "/" sends outside the bundle', async () => {
    const dir = await course('base-url', {
      environment: 'resource_registry:\n  base_url: /\n  "Lab::Box": etc/box.yaml\n',
      extra: { 'lab/etc/box.yaml': 'heat_template_version: 2018-08-31\n' },
    });
    await expectRefusedByCli(
      dir,
      /lab\/environment\.yaml:3:\d+ resource_registry\.Lab::Box: .*base_url "\/".*outside the bundle/,
      '"etc/box.yaml"',
    );
  });

  it('refuses a remote URL in the resource_registry without fetching it', async () => {
    let requests = 0;
    const server: Server = createServer((_req, res) => {
      requests += 1;
      res.end('heat_template_version: 2018-08-31\nresources: {}\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.yaml`;
      const dir = await course('remote', { environment: `resource_registry:\n  "Lab::Box": ${url}\n` });
      await expectRefusedByCli(dir, /lab\/environment\.yaml:2:\d+ resource_registry\.Lab::Box: .*remote URL/, `"${url}"`);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports every escaping reference of every file, nested templates included', async () => {
    const nested =
      'heat_template_version: 2018-08-31\nresources:\n  x:\n    type: OS::Heat::Value\n    properties: {value: {get_file: /etc/passwd}}\n';
    const dir = await course('many', {
      template: templateWith(`${leak('/etc/hostname')}  box:\n    type: box.yaml\n`),
      extra: { 'lab/box.yaml': nested },
    });
    const result = await cli('course', 'validate', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/lab\/box\.yaml:5:\d+ resources\.x\.properties\.value\.get_file: .*"\/etc\/passwd"/);
    expect(result.stderr).toMatch(/lab\/lab\.yaml:13:\d+ .*"\/etc\/hostname"/);
  });

  it('accepts references that stay inside: relative paths, a ".." that stays in, nested templates', async () => {
    const nested =
      'heat_template_version: 2018-08-31\nresources:\n  x:\n    type: OS::Heat::Value\n    properties: {value: {get_file: ../scripts/motd.txt}}\n';
    const dir = await course('inside', {
      template: templateWith(`${leak('scripts/motd.txt')}  box:\n    type: nested/box.yaml\n`),
      environment: 'resource_registry:\n  "Lab::Box": nested/box.yaml\n  "Lab::Alias": OS::Heat::None\n',
      extra: { 'lab/scripts/motd.txt': 'Welcome\n', 'lab/nested/box.yaml': nested },
    });
    const validated = await cli('course', 'validate', dir);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
    expect((await cli('course', 'import', dir)).code).toBe(0);
  });
});

describe('a launch reads the stored bundle through the same confinement', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase({ path: ':memory:' });
  });
  afterEach(() => db.close());

  async function importedCourse(): Promise<{ library: CourseLibrary; dir: string }> {
    const library = new CourseLibrary({ db, home: join(work, 'home') });
    const { course: summary } = await library.import(await course('good', { extra: { 'lab/motd.txt': 'Welcome\n' } }));
    return { library, dir: library.courseDir(summary.id) };
  }

  it('refuses a stored template edited after import to read a file outside the bundle', async () => {
    const { library, dir } = await importedCourse();
    await writeFile(join(dir, 'lab', 'lab.yaml'), templateWith(leak(join(work, 'secret.txt'))));
    const error = await prepareCourseLab(dir, library.manifest('sample-course').lab!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CourseBundleError);
    expect((error as Error).message).toMatch(/lab\/lab\.yaml:13:\d+ .*absolute path/);
    expect((error as Error).message).not.toContain('the learner’s secret');
  });

  it('refuses a symbolic link planted in the stored bundle that points out of it', async () => {
    const { library, dir } = await importedCourse();
    await rm(join(dir, 'lab', 'motd.txt'));
    await symlink(join(work, 'secret.txt'), join(dir, 'lab', 'motd.txt'));
    await writeFile(join(dir, 'lab', 'lab.yaml'), templateWith(leak('motd.txt')));
    const error = await prepareCourseLab(dir, library.manifest('sample-course').lab!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CourseBundleError);
    expect((error as Error).message).toMatch(/lab\/lab\.yaml:13:\d+ .*"motd\.txt".*link.*outside the bundle/);
  });

  it('refuses a hard link or a pipe planted in the stored bundle, without blocking on the pipe', async () => {
    const { library, dir } = await importedCourse();
    await writeFile(join(dir, 'lab', 'lab.yaml'), templateWith(leak('motd.txt')));
    await rm(join(dir, 'lab', 'motd.txt'));
    await link(join(work, 'secret.txt'), join(dir, 'lab', 'motd.txt'));
    await expect(prepareCourseLab(dir, library.manifest('sample-course').lab!)).rejects.toThrow(
      /lab\/lab\.yaml:13:\d+ .*"motd\.txt" is a hard link/,
    );
    await rm(join(dir, 'lab', 'motd.txt'));
    execFileSync('mkfifo', [join(dir, 'lab', 'motd.txt')]);
    await expect(prepareCourseLab(dir, library.manifest('sample-course').lab!)).rejects.toThrow(
      /lab\/lab\.yaml:13:\d+ .*"motd\.txt" is not a regular file/,
    );
  });

  it('refuses a stored template that was itself replaced by a link out of the bundle', async () => {
    const { library, dir } = await importedCourse();
    await writeFile(join(work, 'evil.yaml'), templateWith(leak('/etc/hostname')));
    await rm(join(dir, 'lab', 'lab.yaml'));
    await symlink(join(work, 'evil.yaml'), join(dir, 'lab', 'lab.yaml'));
    await expect(prepareCourseLab(dir, library.manifest('sample-course').lab!)).rejects.toThrow(/lab\/lab\.yaml.*link.*outside the bundle/);
  });

  it('sends the files of an untouched bundle, keyed by their URL', async () => {
    const { library, dir } = await importedCourse();
    await mkdir(join(dir, 'lab', 'scripts'), { recursive: true });
    await writeFile(join(dir, 'lab', 'lab.yaml'), templateWith(leak('motd.txt')));
    const prepared = await prepareCourseLab(dir, library.manifest('sample-course').lab!);
    expect(Object.values(prepared.files)).toEqual([await readFile(join(dir, 'lab', 'motd.txt'), 'utf8')]);
  });
});
