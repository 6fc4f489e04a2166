import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CourseDetail, CourseSummary, ImportResult, PackResult, SearchHit, ValidationReport } from '../../../shared/course';
import { writeFixtureCourse } from '../../courses/course-fixture';
import { firstJsonLine, runCliCaptured, type CliOutcome } from '../cli-capture.test-support';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-cli-course-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const cli = (...args: string[]): Promise<CliOutcome> => runCliCaptured(join(work, 'home'), args);

const json = firstJsonLine;

// The first CLI run in a file loads every command's modules: seconds on a loaded machine.
describe('lab-console course', { timeout: 30_000 }, () => {
  it('validate: exit 0 on a good bundle, exit 2 listing file:line field problems on a bad one', async () => {
    const good = await writeFixtureCourse(join(work, 'good'));
    expect(await cli('course', 'validate', good)).toMatchObject({ code: 0, stdout: expect.stringContaining('is a valid course bundle') });

    const bad = await writeFixtureCourse(join(work, 'bad'), { version: 'latest' });
    const human = await cli('course', 'validate', bad);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain('course.yaml:3:10 version: must be a semantic version such as "1.0.0", got "latest"');

    const machine = await cli('course', 'validate', bad, '--json');
    expect(machine.code).toBe(2);
    const report = json(ValidationReport, machine.stdout);
    expect(report).toMatchObject({ ok: false, issues: [{ file: 'course.yaml', line: 3, column: 10, path: 'version' }] });
  });

  it('pack, import, list, show and search, in text and --json', async () => {
    const src = await writeFixtureCourse(join(work, 'src'));
    const packed = json(PackResult, (await cli('course', 'pack', src, '-o', join(work, 'c.tar.gz'), '--json')).stdout);
    expect(packed).toMatchObject({ id: 'sample-course', version: '1.0.0', file: join(work, 'c.tar.gz') });

    const imported = json(ImportResult, (await cli('course', 'import', packed.file, '--json')).stdout);
    expect(imported).toMatchObject({ previousVersion: null, course: { id: 'sample-course', stepCount: 3 } });

    const again = await cli('course', 'import', packed.file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Import with --force');
    expect((await cli('course', 'import', packed.file, '--force')).code).toBe(0);

    expect(json(CourseSummary.array(), (await cli('course', 'list', '--json')).stdout).map((c) => c.id)).toEqual(['sample-course']);
    expect((await cli('course', 'list')).stdout).toMatch(
      /^ID\s+VERSION\s+DONE\s+LAB\s+TITLE\nsample-course\s+1\.0\.0\s+0\/3\s+ssh\+rdp\s+Sample course\n$/,
    );

    const detail = json(CourseDetail, (await cli('course', 'show', 'sample-course', '--json')).stdout);
    expect(detail.steps.map((s) => s.id)).toEqual(['step-1', 'step-2', 'step-3']);
    expect((await cli('course', 'show', 'nope')).stderr).toContain('No course "nope" in the library.');

    const hits = json(SearchHit.array(), (await cli('course', 'search', 'step', '3', '--json')).stdout);
    expect(hits[0]).toMatchObject({ courseId: 'sample-course', stepId: 'step-3', title: 'Step 3 step-3' });
    expect((await cli('course', 'search', 'nothing-like-this')).stdout).toBe('No matches.\n');
  });

  it('import: exit 2 with the reason for a hostile bundle', async () => {
    const src = await writeFixtureCourse(join(work, 'src'), { courseYaml: 'id: [broken\n' });
    const result = await cli('course', 'import', src);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/course\.yaml:\d+:\d+ YAML error/);
  });
});
