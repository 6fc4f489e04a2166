import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import yazl from 'yazl';
import type { Db } from '../store/database';

/** Test-only builders for well-formed and hostile archives (yazl refuses to write hostile names). */

export interface ZipEntry {
  readonly name: string;
  readonly content?: string | Buffer;
  /** Unix mode including the type bits, e.g. 0o120777 for a symbolic link. */
  readonly mode?: number;
  readonly compress?: boolean;
}

/**
 * Builds a zip in memory. `rename` rewrites entry names afterwards at the byte level (same
 * length), so tests can plant names like "../evil.sh" that yazl would never write.
 */
export async function buildZip(entries: readonly ZipEntry[], rename: Record<string, string> = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const options = { mode: entry.mode ?? 0o100644, compress: entry.compress ?? true, mtime: new Date(2000, 0, 1) };
    zip.addBuffer(Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content ?? ''), entry.name, options);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes: Buffer = Buffer.concat(chunks);
  for (const [from, to] of Object.entries(rename)) bytes = replaceAll(bytes, from, to);
  return bytes;
}

function replaceAll(buffer: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('rename must keep the length');
  const needle = Buffer.from(from);
  const out = Buffer.from(buffer);
  let at = out.indexOf(needle);
  if (at < 0) throw new Error(`"${from}" not found in the archive`);
  while (at >= 0) {
    out.write(to, at);
    at = out.indexOf(needle, at + needle.length);
  }
  return out;
}

export interface TarEntry {
  readonly path: string;
  readonly type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'FIFO';
  readonly content?: string | Buffer;
  readonly linkpath?: string;
}

/** A .tar.gz written header by header, with whatever names and types the test asks for. */
export function buildTarGz(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content ?? '');
    const type = entry.type ?? 'File';
    const size = type === 'File' ? content.length : 0;
    const header = Buffer.alloc(512);
    new Header({
      path: entry.path,
      type,
      size,
      mode: type === 'Directory' ? 0o755 : 0o644,
      linkpath: entry.linkpath ?? '',
      uid: 0,
      gid: 0,
      mtime: new Date(946684800000),
    }).encode(header);
    blocks.push(header);
    if (size > 0) {
      blocks.push(content);
      blocks.push(Buffer.alloc((512 - (size % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** Every file of a folder as "path sha256", sorted: equal before and after means untouched. */
export async function folderFingerprint(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const lines: string[] = [];
  for (const entry of entries) {
    const full = join(entry.parentPath, entry.name);
    const rel = posix.join(...full.slice(dir.length).split(/[\\/]/).filter(Boolean));
    if (entry.isFile())
      lines.push(
        `${rel} ${createHash('sha256')
          .update(await readFile(full))
          .digest('hex')}`,
      );
    else lines.push(`${rel} ${entry.isDirectory() ? 'dir' : 'other'}`);
  }
  return lines.sort();
}

/** The library's rows, to prove a refused import changed nothing in the database either. */
export function libraryRows(db: Db): unknown {
  return {
    courses: db.prepare('SELECT * FROM courses ORDER BY id').all(),
    progress: db.prepare('SELECT * FROM course_progress ORDER BY course_id, step_id').all(),
    position: db.prepare('SELECT * FROM course_position ORDER BY course_id').all(),
  };
}

export async function writeBuffer(path: string, bytes: Buffer): Promise<string> {
  await writeFile(path, bytes);
  return path;
}
