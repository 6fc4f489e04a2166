import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliOutcome } from '../cli-capture.test-support';
import { fixtureCourseYaml, FIXTURE_TEMPLATE, writeFixtureCourse } from '../../courses/course-fixture';
import { MAX_YAML_BYTES, YamlSource } from '../../courses/yaml-source';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-yaml-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const cli = (...args: string[]): Promise<CliOutcome> => runCliCaptured(join(work, 'home'), args);

/** "Billion laughs": nine aliases of nine aliases …, a few hundred bytes that expand to millions of nodes. */
const ALIAS_BOMB = `laughs:
  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
`;

async function expectInvalid(dir: string, where: RegExp): Promise<void> {
  for (const command of ['validate', 'import']) {
    const result = await cli('course', command, dir);
    expect(result.code, `${command}: ${result.stderr}`).toBe(2);
    expect(result.stderr).toMatch(where);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }
}

// The first CLI run of a file loads the whole app: slow on a busy machine.
describe('YAML limits in a course bundle (course validate and course import)', { timeout: 30_000 }, () => {
  it('refuses an alias bomb in course.yaml with exit 2 at the alias that overflows', async () => {
    const dir = await writeFixtureCourse(join(work, 'bomb'), { courseYaml: `${fixtureCourseYaml()}${ALIAS_BOMB}` });
    const bombStart = fixtureCourseYaml().split('\n').length - 1;
    // yaml counts uses × the aliases inside: the first *c (line "d", 5th of the bomb) weighs 2 × 10 × 10 > 100.
    await expectInvalid(dir, new RegExp(`course\\.yaml:${bombStart + 5}:10 YAML error: .*aliases expand to too much`));
  });

  it('refuses an alias bomb in the lab template and in its environment, naming the file and line', async () => {
    const template = `${FIXTURE_TEMPLATE}${ALIAS_BOMB.replace('laughs:', 'parameter_groups:')}`;
    const inTemplate = await writeFixtureCourse(join(work, 'template'), { extraFiles: { 'lab/lab.yaml': template } });
    await expectInvalid(inTemplate, /lab\/lab\.yaml:\d+:\d+ YAML error: .*aliases expand to too much/);

    const courseYaml = fixtureCourseYaml().replace('  template: lab/lab.yaml\n', '  template: lab/lab.yaml\n  environment: lab/env.yaml\n');
    const inEnvironment = await writeFixtureCourse(join(work, 'environment'), {
      courseYaml,
      extraFiles: { 'lab/env.yaml': ALIAS_BOMB.replace('laughs:', 'parameter_defaults:') },
    });
    await expectInvalid(inEnvironment, /lab\/env\.yaml:5:10 YAML error: .*aliases expand to too much/);
  });

  it('refuses a YAML file larger than the limit before parsing it', async () => {
    const big = `${fixtureCourseYaml()}# ${'x'.repeat(MAX_YAML_BYTES)}\n`;
    const dir = await writeFixtureCourse(join(work, 'big'), { courseYaml: big });
    await expectInvalid(dir, /course\.yaml:1:1 .*larger than 1 MiB/);
  });

  it('points at the very alias where yaml stops expanding', () => {
    const uses = (n: number): string => `x: &x 1\nl:\n${Array.from({ length: n }, () => '  - *x').join('\n')}\n`;
    expect(new YamlSource('a.yaml', uses(99)).issues).toEqual([]);
    // The anchor counts once, each alias once more: the 100th alias makes 101 > 100.
    expect(new YamlSource('a.yaml', uses(100)).issues).toEqual([expect.objectContaining({ line: 102, column: 5 })]);
  });

  it('keeps accepting the aliases real files use', () => {
    const source = new YamlSource(
      'course.yaml',
      'defaults: &d {timeout: 1m}\nsteps:\n' + Array.from({ length: 90 }, (_, i) => `  - {<<: *d, id: s${i}}`).join('\n'),
    );
    expect(source.issues).toEqual([]);
  });
});
