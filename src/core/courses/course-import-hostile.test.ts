import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database';
import { buildTarGz, buildZip, folderFingerprint, libraryRows, writeBuffer, type ZipEntry } from './course-archives.test-support';
import { CourseBundleError, type CourseBundleErrorKind } from './course-errors';
import { fixtureCourseYaml, FIXTURE_TEMPLATE, writeFixtureCourse } from './course-fixture';
import { CourseLibrary } from './course-library';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './file-policy';

let work: string;
let db: Db;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-hostile-'));
  db = openDatabase({ path: ':memory:' });
});
afterEach(async () => {
  db.close();
  await rm(work, { recursive: true, force: true });
});

/** A library that already holds one course, so "untouched" is checked against real content. */
async function populatedLibrary(limits?: BundleLimits): Promise<CourseLibrary> {
  const library = new CourseLibrary({ db, home: join(work, 'home'), limits });
  await library.import(await writeFixtureCourse(join(work, 'existing'), { id: 'existing-course' }));
  library.setProgress('existing-course', 'step-1', 'completed');
  return library;
}

/** Imports `source`, expects a refusal of `kind`, and proves nothing changed on disk or in SQLite. */
async function expectRefused(
  library: CourseLibrary,
  source: string,
  kind: CourseBundleErrorKind,
  message: RegExp,
): Promise<CourseBundleError> {
  const before = [await folderFingerprint(library.dir), libraryRows(db)];
  const error = await library.import(source).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CourseBundleError);
  const bundleError = error as CourseBundleError;
  expect(bundleError.kind).toBe(kind);
  expect(bundleError.message).toMatch(message);
  expect([await folderFingerprint(library.dir), libraryRows(db)]).toEqual(before);
  expect((await readdir(library.dir)).filter((n) => n.startsWith('.staging'))).toEqual([]);
  return bundleError;
}

/** The minimum files of a valid bundle, as zip entries. */
const goodZipEntries: ZipEntry[] = [
  { name: 'course.yaml', content: fixtureCourseYaml({ steps: 1 }).replace(/ {4}checks: .*\n/, '') },
  { name: 'lab/lab.yaml', content: FIXTURE_TEMPLATE },
  { name: 'steps/step-1.md', content: '# One\n' },
];

describe('importing zips other tools write', () => {
  it("accepts a zip made by Python's zipfile.writestr: permission bits without a file type, judged by name", async () => {
    const library = await populatedLibrary();
    const folder = await writeFixtureCourse(join(work, 'py-src'));
    const zip = join(work, 'python.zip');
    // writestr gives files mode 0o600 with no S_IFREG; the folder entry is written the same way on purpose.
    const script = [
      'import os, sys, zipfile',
      'src, out = sys.argv[1], sys.argv[2]',
      'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:',
      '    folder = zipfile.ZipInfo("images/"); folder.create_system = 3; folder.external_attr = 0o755 << 16',
      '    z.writestr(folder, b"")',
      '    for d, _, names in os.walk(src):',
      '        for n in sorted(names):',
      '            full = os.path.join(d, n)',
      '            z.writestr(os.path.relpath(full, src), open(full, "rb").read())',
      'for i in zipfile.ZipFile(out).infolist(): print(i.filename, i.create_system, oct(i.external_attr >> 16))',
    ].join('\n');
    const listing = execFileSync('python3', ['-c', script, folder, zip], { encoding: 'utf8' });
    expect(listing).toContain('course.yaml 3 0o600');
    expect(listing).toContain('images/ 3 0o755');
    await expect(library.import(zip)).resolves.toMatchObject({ course: { id: 'sample-course', stepCount: 3 } });
    expect(await readFile(join(library.courseDir('sample-course'), 'lab', 'lab.yaml'), 'utf8')).toBe(FIXTURE_TEMPLATE);
  });
});

describe('importing hostile bundles', () => {
  it('accepts the minimal zip the hostile cases start from', async () => {
    const library = await populatedLibrary();
    const zip = await writeBuffer(join(work, 'good.zip'), await buildZip(goodZipEntries));
    await expect(library.import(zip)).resolves.toMatchObject({ course: { id: 'sample-course' } });
  });

  it('refuses a zip-slip entry ("../") and writes nothing', async () => {
    const library = await populatedLibrary();
    const bytes = await buildZip([...goodZipEntries, { name: 'xx/xx/evil.sh', content: '#!/bin/sh\nrm -rf ~\n' }], {
      'xx/xx/evil.sh': '../../evil.sh',
    });
    await expectRefused(
      library,
      await writeBuffer(join(work, 'slip.zip'), bytes),
      'path-escape',
      /entry "\.\.\/\.\.\/evil\.sh" climbs out of the bundle with "\.\."/,
    );
    await expect(readFile(join(work, 'evil.sh'))).rejects.toThrow();
    await expect(readFile(join(work, 'home', 'evil.sh'))).rejects.toThrow();
  });

  it('refuses a zip-slip entry in a .tar.gz', async () => {
    const library = await populatedLibrary();
    const bytes = buildTarGz([
      ...goodZipEntries.map((e) => ({ path: e.name, content: e.content })),
      { path: 'steps/../../../evil.sh', content: 'x' },
    ]);
    await expectRefused(library, await writeBuffer(join(work, 'slip.tar.gz'), bytes), 'path-escape', /climbs out of the bundle/);
  });

  it('refuses an absolute path, in a zip and in a tar', async () => {
    const library = await populatedLibrary();
    const zip = await buildZip([...goodZipEntries, { name: 'xtmp/evil.sh', content: 'x' }], { 'xtmp/evil.sh': '/tmp/evil.sh' });
    await expectRefused(
      library,
      await writeBuffer(join(work, 'abs.zip'), zip),
      'absolute-path',
      /entry "\/tmp\/evil\.sh" has an absolute path/,
    );
    const tar = buildTarGz([{ path: '/etc/cron.d/evil', content: 'x' }]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'abs.tar.gz'), tar),
      'absolute-path',
      /"\/etc\/cron\.d\/evil" has an absolute path/,
    );
  });

  it('refuses a symlink pointing out of the bundle: zip, tar and folder', async () => {
    const library = await populatedLibrary();
    const zip = await buildZip([...goodZipEntries, { name: 'steps/secret.md', content: '../../../../etc/passwd', mode: 0o120777 }]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'link.zip'), zip),
      'symlink-escape',
      /symbolic link "steps\/secret\.md" points outside the bundle \("\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd"\)/,
    );

    const tar = buildTarGz([{ path: 'steps/secret.md', type: 'SymbolicLink', linkpath: '/etc/passwd' }]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'link.tar.gz'), tar),
      'symlink-escape',
      /points to the absolute path "\/etc\/passwd", outside the bundle/,
    );

    const folder = await writeFixtureCourse(join(work, 'folder'));
    await writeFile(join(work, 'outside.md'), '# secret\n');
    await symlink(join(work, 'outside.md'), join(folder, 'steps', 'step-2.md.link'));
    await expectRefused(library, folder, 'symlink-escape', /symbolic link "steps\/step-2\.md\.link" points outside the course folder/);
  });

  it('refuses a hard link in a tar that points out of the bundle', async () => {
    const library = await populatedLibrary();
    const tar = buildTarGz([{ path: 'steps/x.md', type: 'Link', linkpath: '../outside' }]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'hard.tar.gz'), tar),
      'symlink-escape',
      /hard link "steps\/x\.md" points outside the bundle/,
    );
  });

  it('refuses devices and pipes', async () => {
    const library = await populatedLibrary();
    const tar = buildTarGz([{ path: 'steps/pipe', type: 'FIFO' }]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'fifo.tar.gz'), tar),
      'special-file',
      /is a FIFO; a bundle holds files and folders only/,
    );
  });

  it('refuses devices, pipes and sockets in a zip by their Unix file type', async () => {
    const library = await populatedLibrary();
    for (const [type, mode] of [
      ['pipe', 0o010644],
      ['character device', 0o020644],
      ['block device', 0o060644],
      ['socket', 0o140644],
    ] as const) {
      const zip = await buildZip([...goodZipEntries, { name: 'steps/odd.md', content: '', mode }]);
      await expectRefused(
        library,
        await writeBuffer(join(work, `${type}.zip`), zip),
        'special-file',
        /entry "steps\/odd\.md" is a device, pipe or socket/,
      );
    }
  });

  it('refuses a zip bomb by its compression ratio, counting real bytes', async () => {
    const library = await populatedLibrary();
    const zip = await buildZip([...goodZipEntries, { name: 'images/zeros.png', content: Buffer.alloc(40 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(100 * 1024);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'bomb.zip'), zip),
      'compression-ratio',
      /expands more than 100× its own size .*archive bomb/,
    );
  });

  it('refuses a tar.gz bomb by its compression ratio', async () => {
    const library = await populatedLibrary();
    const tar = buildTarGz([
      ...goodZipEntries.map((e) => ({ path: e.name, content: e.content })),
      { path: 'images/zeros.png', content: Buffer.alloc(40 * 1024 * 1024) },
    ]);
    await expectRefused(library, await writeBuffer(join(work, 'bomb.tar.gz'), tar), 'compression-ratio', /archive bomb/);
  });

  it('refuses bundles over the total size, per-file size and file-count limits', async () => {
    const limits: BundleLimits = { ...DEFAULT_BUNDLE_LIMITS, maxTotalBytes: 256 * 1024, maxFileBytes: 128 * 1024, maxFiles: 20 };
    const library = await populatedLibrary(limits);
    const blobs = (n: number, size: number): ZipEntry[] =>
      Array.from({ length: n }, (_, i) => ({ name: `images/noise-${i}.png`, content: randomBytes(size), compress: false }));

    const big = await buildZip([...goodZipEntries, ...blobs(1, 200 * 1024)]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'big.zip'), big),
      'too-large',
      /"images\/noise-0\.png" is larger than 131072 bytes/,
    );
    const total = await buildZip([...goodZipEntries, ...blobs(3, 100 * 1024)]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'total.zip'), total),
      'too-large',
      /expands to more than 256 KiB|expands to more than 262144 bytes/,
    );
    const many = await buildZip([...goodZipEntries, ...blobs(30, 10)]);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'many.zip'), many),
      'too-many-files',
      /lists 33 entries; a course bundle may hold at most 20/,
    );

    const folder = await writeFixtureCourse(join(work, 'folder'), { extraFiles: { 'images/huge.png': randomBytes(300 * 1024) } });
    await expectRefused(library, folder, 'too-large', /"images\/huge\.png" is larger than/);
  });

  it('does not trust a zip header that understates an entry size', async () => {
    const library = await populatedLibrary({ ...DEFAULT_BUNDLE_LIMITS, maxFileBytes: 64 * 1024 });
    let zip = await buildZip([...goodZipEntries, { name: 'images/liar.png', content: Buffer.alloc(200 * 1024, 7) }]);
    // The header claims 16 bytes once inflated; the deflate stream really holds 200 KiB.
    zip = patchUncompressedSize(zip, 'images/liar.png', 16);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'liar.zip'), zip),
      'corrupt-archive',
      /the \.zip file is damaged.*too many bytes/,
    );
  });

  it('refuses a bundle with broken YAML, naming file and line', async () => {
    const library = await populatedLibrary();
    const folder = await writeFixtureCourse(join(work, 'broken'), { courseYaml: 'id: broken\ntitle: [oops\nversion: 1.0.0\n' });
    const error = await expectRefused(library, folder, 'invalid', /course\.yaml:\d+:\d+ YAML error: /);
    expect(error.issues[0]).toMatchObject({ file: 'course.yaml', line: expect.any(Number) });
  });

  it('refuses what is neither a folder nor an archive', async () => {
    const library = await populatedLibrary();
    const text = join(work, 'notes.txt');
    await writeFile(text, 'hello');
    await expectRefused(library, text, 'unsupported-source', /is neither a folder, a \.zip nor a \.tar\.gz/);
    await expectRefused(library, join(work, 'missing.zip'), 'unsupported-source', /does not exist/);
  });

  it('refuses a truncated archive', async () => {
    const library = await populatedLibrary();
    const zip = await buildZip(goodZipEntries);
    await expectRefused(
      library,
      await writeBuffer(join(work, 'cut.zip'), zip.subarray(0, zip.length - 30)),
      'corrupt-archive',
      /the \.zip file is damaged/,
    );
    const tar = buildTarGz(goodZipEntries.map((e) => ({ path: e.name, content: e.content })));
    await expectRefused(
      library,
      await writeBuffer(join(work, 'cut.tar.gz'), tar.subarray(0, tar.length - 40)),
      'corrupt-archive',
      /the \.tar\.gz file is damaged/,
    );
  });
});

/** Rewrites an entry's uncompressed size in its local header and central record (APPNOTE 4.3.7, 4.3.12). */
function patchUncompressedSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const nameBytes = Buffer.from(name);
  for (let at = out.indexOf(nameBytes); at >= 0; at = out.indexOf(nameBytes, at + 1)) {
    if (out.readUInt32LE(at - 30) === 0x04034b50) out.writeUInt32LE(size, at - 30 + 22);
    else if (out.readUInt32LE(at - 46) === 0x02014b50) out.writeUInt32LE(size, at - 46 + 24);
  }
  return out;
}
