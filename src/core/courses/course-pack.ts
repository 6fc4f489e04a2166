import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Header, Pax } from 'tar';
import type { CourseManifest, PackResult } from '../../shared/course';
import { checkBundle } from './bundle-check';
import { CourseValidationError } from './course-errors';
import type { BundleLimits } from './file-policy';

/**
 * Every entry gets this time, owner and a mode from a fixed pair, so packing the same files
 * always gives the same bytes (reproducible bundles can be checksummed and compared).
 */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');
const FILE_MODE = 0o644;
const SCRIPT_MODE = 0o755;
const BLOCK = 512;

export interface PackOptions {
  /** Output file; default `<id>-<version>.tar.gz` in the current folder. */
  readonly output?: string;
  readonly cwd?: string;
  readonly limits?: BundleLimits;
}

/**
 * Validates a course folder and writes it as a deterministic .tar.gz with one top folder
 * `<id>-<version>/`. Packs the staged copy, so links and dot-files are handled as on import.
 */
export async function packCourse(folder: string, options: PackOptions = {}): Promise<PackResult> {
  let result: PackResult | undefined;
  const checked = await checkBundle(folder, {
    limits: options.limits,
    use: async (root, manifest, files) => {
      const cwd = options.cwd ?? process.cwd();
      const output = resolve(cwd, options.output ?? `${manifest.id}-${manifest.version}.tar.gz`);
      await writeTarGz(root, manifest, files, output);
      const info = await stat(output);
      result = {
        file: output,
        id: manifest.id,
        version: manifest.version,
        bytes: info.size,
        sha256: await sha256(output),
        files: files.length,
      };
    },
  });
  if (!checked.report.ok || !result) throw new CourseValidationError(checked.report.issues);
  return result;
}

async function writeTarGz(root: string, manifest: CourseManifest, files: readonly string[], output: string): Promise<void> {
  const top = `${manifest.id}-${manifest.version}`;
  const scripts = new Set([
    ...manifest.steps.flatMap((s) => [...s.checks, ...(s.solve ? [s.solve.script] : [])]),
    ...Object.values(manifest.lab?.hooks ?? {}).flatMap((h) => (h ? [h.script] : [])),
  ]);
  const partial = join(dirname(output), `.${basename(output)}.partial-${process.pid}`);
  try {
    await pipeline(Readable.from(tarBlocks(root, top, [...files].sort(), scripts)), createGzip({ level: 9 }), createWriteStream(partial));
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
}

async function* tarBlocks(root: string, top: string, files: readonly string[], scripts: ReadonlySet<string>): AsyncGenerator<Buffer> {
  for (const file of files) {
    const full = join(root, ...file.split('/'));
    const size = (await stat(full)).size;
    yield* header({
      path: `${top}/${file}`,
      mode: scripts.has(file) ? SCRIPT_MODE : FILE_MODE,
      size,
    });
    for await (const chunk of createReadStream(full)) yield chunk as Buffer;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad > 0) yield Buffer.alloc(pad);
  }
  // POSIX ustar: the archive ends with two zero blocks.
  yield Buffer.alloc(BLOCK * 2);
}

function* header(entry: { path: string; mode: number; size: number }): Generator<Buffer> {
  const data = {
    ...entry,
    type: 'File' as const,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    mtime: FIXED_MTIME,
  };
  const block = Buffer.alloc(BLOCK);
  const head = new Header(data);
  // Paths beyond ustar's 100+155 characters need a pax record before the header.
  if (head.encode(block)) yield new Pax({ path: entry.path, mtime: FIXED_MTIME }).encode();
  yield block;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
