import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CourseSummary, ImportResult, PackResult } from '../../../shared/course';
import { ConversionReport } from '../../../shared/course/olx-conversion';
import { buildTarGz, writeBuffer } from '../../courses/course-archives.test-support';
import { copyCorpus, editCorpusFile, exportEntries, OLX_CORPUS, writeCorpusFile } from '../../courses/olx/olx-corpus.test-support';
import { firstJsonLine, runCliCaptured, type CliOutcome } from '../cli-capture.test-support';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-cli-convert-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const cli = (...args: string[]): Promise<CliOutcome> => runCliCaptured(join(work, 'home'), args);

const json = firstJsonLine;

const exportArchive = async (root = OLX_CORPUS, name = 'export.tar.gz'): Promise<string> =>
  writeBuffer(join(work, name), buildTarGz(await exportEntries(root)));

describe('lab-console course convert', { timeout: 30_000 }, () => {
  it('writes one course folder per lab subsection and the report; each validates, packs and imports', { timeout: 60_000 }, async () => {
    const out = join(work, 'converted');
    const result = await cli('course', 'convert', await exportArchive(), '-o', out);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Converted "Networking 101" (hastexo/NET101, run 2024_T1):');
    expect(result.stdout).toContain(
      `${join(out, 'hastexo-net101-routing-lab')}  "Networking 101 — Routing lab" (3 steps, ssh lab, 4 warnings, 2 elements not shown)`,
    );
    expect(result.stdout).toContain('Left out 1 subsection without a lab: "Welcome".');
    expect((await readdir(out)).sort()).toEqual([
      'conversion-report.md',
      'hastexo-net101-desktop-lab',
      'hastexo-net101-files-lab',
      'hastexo-net101-routing-lab',
      'hastexo-net101-vnc-lab',
    ]);
    const report = await readFile(join(out, 'conversion-report.md'), 'utf8');
    expect(report).toContain('| os_password |  | warning | cloud credentials in a course are ignored and never stored');
    expect(report).toContain('| problem | Check your understanding (`routing_quiz`) | problem/routing_quiz_problem.xml:1 |');

    const course = join(out, 'hastexo-net101-routing-lab');
    expect((await cli('course', 'validate', course)).stdout).toMatch(
      /^OK: hastexo-net101-routing-lab 1\.0\.0\+olx\.\w+ "Networking 101 — Routing lab" is a valid course bundle\./,
    );
    // An author edits the converted course and packs it as their own.
    await writeFile(join(course, 'steps', '03-routing_quiz.md'), 'Which route did you write?\n');
    await editCorpusFile(course, 'course.yaml', /^version: .*$/m, 'version: 1.1.0');
    const packed = json(PackResult, (await cli('course', 'pack', course, '-o', join(work, 'routing.tar.gz'), '--json')).stdout);
    expect(packed).toMatchObject({ id: 'hastexo-net101-routing-lab', version: '1.1.0' });
    expect(json(ImportResult, (await cli('course', 'import', packed.file, '--json')).stdout).course).toMatchObject({
      version: '1.1.0',
      stepCount: 3,
    });
  });

  it('prints the report as JSON with --json', async () => {
    const result = await cli('--json', 'course', 'convert', OLX_CORPUS, '-o', join(work, 'out'));
    expect(result.code).toBe(0);
    const report = json(ConversionReport, result.stdout);
    expect(report.courses.map((c) => c.id)).toEqual([
      'hastexo-net101-routing-lab',
      'hastexo-net101-files-lab',
      'hastexo-net101-desktop-lab',
      'hastexo-net101-vnc-lab',
    ]);
    expect(report.courses[0]?.dir).toBe(join(work, 'out', 'hastexo-net101-routing-lab'));
  });

  it('refuses to write into a folder that is not empty (exit 2)', async () => {
    const out = join(work, 'taken');
    await mkdir(out);
    await writeFile(join(out, 'keep.txt'), 'mine');
    const result = await cli('course', 'convert', OLX_CORPUS, '-o', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists and is not an empty folder');
    expect(await readdir(out)).toEqual(['keep.txt']);
  });

  it('import takes the export (.tar.gz) and lists every course it made with the conversion notes', async () => {
    const result = await cli('course', 'import', await exportArchive());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Imported hastexo-net101-routing-lab 1\.0\.0\+olx\.\w+: "Networking 101 — Routing lab", 3 steps\.\nImported hastexo-net101-files-lab /,
    );
    expect(result.stdout).toContain(
      '  hastexo-net101-routing-lab: os_auth_url — cloud credentials in a course are ignored and never stored',
    );
    const list = json(CourseSummary.array(), (await cli('course', 'list', '--json')).stdout);
    expect(list.map((c) => c.id)).toHaveLength(4);
  });
});

describe('hostile exports: exit 2 and nothing written', { timeout: 30_000 }, () => {
  async function expectRefused(source: string, message: RegExp): Promise<void> {
    const out = join(work, 'out');
    const converted = await cli('course', 'convert', source, '-o', out);
    expect(converted.code, converted.stderr).toBe(2);
    expect(converted.stderr).toMatch(message);
    expect(converted.stdout).toBe('');
    await expect(readdir(out)).rejects.toThrow();
    expect((await readdir(work)).filter((n) => n.includes('converting'))).toEqual([]);

    const imported = await cli('course', 'import', source);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(message);
    expect(json(CourseSummary.array(), (await cli('course', 'list', '--json')).stdout)).toEqual([]);
    const courses = await readdir(join(work, 'home', 'courses')).catch((): string[] => []);
    expect(courses.filter((n) => !n.startsWith('.search-index'))).toEqual([]);
  }

  it('a tar slip entry', async () => {
    const entries = [
      ...(await exportEntries(OLX_CORPUS)),
      { path: 'course/static/../../../../tmp/evil.sh', content: Buffer.from('#!/bin/sh\n') },
    ];
    await expectRefused(await writeBuffer(join(work, 'slip.tar.gz'), buildTarGz(entries)), /climbs out of the bundle with "\.\."/);
  });

  it('an archive bomb', async () => {
    const entries = [...(await exportEntries(OLX_CORPUS)), { path: 'course/static/zeros.bin', content: Buffer.alloc(60 * 1024 * 1024) }];
    await expectRefused(await writeBuffer(join(work, 'bomb.tar.gz'), buildTarGz(entries)), /archive bomb|larger than 50 MiB/);
  });

  it('an XML entity bomb', async () => {
    const corpus = await copyCorpus(join(work, 'lol'));
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    await writeCorpusFile(
      corpus,
      'vertical/routing_intro.xml',
      `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${lol}\n]>\n<vertical>&lol9;</vertical>\n`,
    );
    await expectRefused(await exportArchive(corpus, 'lol.tar.gz'), /vertical\/routing_intro\.xml:2:1 a DOCTYPE is refused/);
  });

  it('an external entity', async () => {
    const corpus = await copyCorpus(join(work, 'xxe'));
    await writeCorpusFile(
      corpus,
      'html/welcome_text.xml',
      '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<html display_name="x">&xxe;</html>\n',
    );
    await expectRefused(corpus, /html\/welcome_text\.xml:2:1 a DOCTYPE is refused/);
  });

  it('an absolute static path', async () => {
    const corpus = await copyCorpus(join(work, 'abs'));
    await editCorpusFile(corpus, 'hastexo/desktop_lab.xml', 'environment="hot_env.yaml"', 'environment="/etc/passwd"');
    await expectRefused(corpus, /hastexo\/desktop_lab\.xml:4:\d+ environment "\/etc\/passwd" is an absolute path/);
    const converted = await cli('course', 'convert', corpus, '-o', join(work, 'again'));
    expect(converted.stderr).toMatch(
      /^error: the Open edX export cannot be converted \(1 problem\):\n {2}hastexo\/desktop_lab\.xml:4:3 environment/,
    );
  });
});
