import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { mapBounded } from './bounded-parallel';
import { CourseBundleError } from './course-errors';
import { printable, safeEntryPath } from './entry-path';
import { isIgnoredEntry, type BundleLimits } from './file-policy';
import type { StagingWriter } from './staging-writer';

const COPY_PARALLELISM = 8;
const WHOLE_READ_BYTES = 1024 * 1024;

/**
 * Copies a course folder through the staging writer. Symbolic links that stay inside the folder
 * are followed (their file is copied); links that leave it, or point at folders, are refused.
 * Dot-files and dot-folders (.git, .DS_Store) are skipped.
 */
export async function copyFolder(folder: string, writer: StagingWriter, limits: BundleLimits): Promise<void> {
  const root = await realpath(folder);
  const files: { rel: string; full: string; link: boolean }[] = [];
  await walk(root, '');
  await mapBounded(files, COPY_PARALLELISM, (file) => (file.link ? copyLinkTarget(file.full, file.rel) : copy(file.full, file.rel)));

  async function walk(dir: string, prefix: string): Promise<void> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const rel = safeEntryPath(prefix === '' ? name : `${prefix}/${name}`, limits);
      if (isIgnoredEntry(rel)) continue;
      const full = join(dir, name);
      const info = await lstat(full);
      if (info.isDirectory()) {
        await writer.addDirectory(rel);
        await walk(full, rel);
      } else if (info.isFile() || info.isSymbolicLink()) {
        if (files.length >= limits.maxFiles) {
          throw new CourseBundleError(
            'too-many-files',
            rel,
            `the folder has more than ${limits.maxFiles} files; a course bundle may hold at most that many`,
          );
        }
        files.push({ rel, full, link: info.isSymbolicLink() });
      } else {
        throw new CourseBundleError(
          'special-file',
          rel,
          `"${printable(rel)}" is a device, pipe or socket; a bundle holds files and folders only`,
        );
      }
    }
  }

  async function copy(full: string, rel: string): Promise<void> {
    const info = await stat(full);
    // Small files in one read; big ones streamed so the size limit stops them early.
    const data = info.size <= WHOLE_READ_BYTES ? [await readFile(full)] : createReadStream(full);
    await writer.addFile(rel, data, info.size);
  }

  async function copyLinkTarget(full: string, rel: string): Promise<void> {
    let target: string;
    try {
      target = await realpath(full);
    } catch {
      throw new CourseBundleError('bad-link', rel, `symbolic link "${printable(rel)}" points to nothing (a dangling link)`);
    }
    const inside = relative(root, target);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new CourseBundleError(
        'symlink-escape',
        rel,
        `symbolic link "${printable(rel)}" points outside the course folder (to ${printable(target)}); refused`,
      );
    }
    const info = await stat(target);
    if (!info.isFile()) {
      throw new CourseBundleError('bad-link', rel, `symbolic link "${printable(rel)}" points to a folder; link files, not folders`);
    }
    await copy(target, rel);
  }
}
