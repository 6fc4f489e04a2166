import { copyFile, mkdir, open, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { CourseBundleError } from './course-errors';
import { printable } from './entry-path';
import type { BundleLimits } from './file-policy';

const MiB = 1024 * 1024;
const MAX_LINK_HOPS = 8;

function size(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 1)} MiB` : `${bytes} bytes`;
}

/**
 * Writes a bundle's entries into a fresh staging folder, counting the bytes that really come
 * out of the archive (headers can lie) against the limits. Links are never created on disk:
 * a link that stays inside the bundle becomes a copy of its target file, one that leaves it is
 * refused. The staging folder therefore holds regular files and folders only.
 */
export class StagingWriter {
  private readonly entries = new Map<string, 'file' | 'dir' | 'link'>();
  private readonly links = new Map<string, string>();
  private readonly madeDirs = new Set<string>();
  private totalBytes = 0;

  constructor(
    readonly root: string,
    private readonly limits: BundleLimits,
    /** Size of the archive on disk, for the compression-ratio check; undefined for a folder. */
    private readonly sourceBytes?: number,
  ) {}

  get bytesWritten(): number {
    return this.totalBytes;
  }

  async addDirectory(path: string): Promise<void> {
    if (path === '') return;
    this.claim(path, 'dir');
    await this.makeDir(this.target(path));
  }

  async addFile(path: string, data: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer>, declaredSize?: number): Promise<void> {
    this.claim(path, 'file');
    // A header that admits to an oversized file is refused early; the real count below decides.
    if (declaredSize !== undefined && declaredSize > this.limits.maxFileBytes) throw this.fileTooLarge(path);
    await this.makeDir(dirname(this.target(path)));
    const handle = await open(this.target(path), 'wx', 0o644);
    let written = 0;
    try {
      for await (const chunk of data) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        written += buffer.length;
        this.count(buffer.length);
        if (written > this.limits.maxFileBytes) throw this.fileTooLarge(path);
        await handle.write(buffer);
      }
    } finally {
      await handle.close();
    }
  }

  /**
   * A symbolic link (target relative to the link's folder) or a hard link (target relative to the
   * archive root, as tar stores it). Checked now, materialised in finish().
   */
  addLink(path: string, target: string, kind: 'symbolic' | 'hard'): void {
    this.claim(path, 'link');
    const shown = printable(target);
    if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) {
      throw new CourseBundleError(
        'symlink-escape',
        path,
        `${kind} link "${printable(path)}" points to the absolute path "${shown}", outside the bundle; refused`,
      );
    }
    const base = kind === 'symbolic' ? posix.dirname(path) : '.';
    const resolved = posix.normalize(posix.join(base, target.replace(/\\/g, '/')));
    if (resolved === '..' || resolved.startsWith('../')) {
      throw new CourseBundleError(
        'symlink-escape',
        path,
        `${kind} link "${printable(path)}" points outside the bundle ("${shown}"); refused`,
      );
    }
    this.links.set(path, resolved);
  }

  /** Replaces every link by a copy of the file it names. */
  async finish(): Promise<void> {
    for (const [path, firstTarget] of this.links) {
      let target = firstTarget;
      for (let hop = 0; this.entries.get(target) === 'link' && hop < MAX_LINK_HOPS; hop++) {
        target = this.links.get(target) ?? '';
      }
      if (this.entries.get(target) !== 'file') {
        throw new CourseBundleError(
          'bad-link',
          path,
          `link "${printable(path)}" points to "${printable(firstTarget)}", which is not a file of the bundle (links to folders, missing files and loops are refused)`,
        );
      }
      const from = this.target(target);
      const bytes = (await stat(from)).size;
      this.count(bytes);
      if (bytes > this.limits.maxFileBytes) throw this.fileTooLarge(path);
      await this.makeDir(dirname(this.target(path)));
      await copyFile(from, this.target(path));
    }
  }

  private claim(path: string, kind: 'file' | 'dir' | 'link'): void {
    const existing = this.entries.get(path);
    if (existing !== undefined) {
      if (existing === 'dir' && kind === 'dir') return;
      throw new CourseBundleError('duplicate-entry', path, `entry "${printable(path)}" appears twice in the bundle; refused`);
    }
    if (this.entries.size >= this.limits.maxFiles) {
      throw new CourseBundleError(
        'too-many-files',
        path,
        `the bundle has more than ${this.limits.maxFiles} entries; a course bundle may hold at most that many`,
      );
    }
    this.entries.set(path, kind);
  }

  private count(bytes: number): void {
    this.totalBytes += bytes;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      throw new CourseBundleError(
        'too-large',
        '',
        `the bundle expands to more than ${size(this.limits.maxTotalBytes)}, the most a course bundle may hold; refused`,
      );
    }
    const source = this.sourceBytes;
    if (
      source !== undefined &&
      this.totalBytes > this.limits.ratioGraceBytes &&
      this.totalBytes > source * this.limits.maxCompressionRatio
    ) {
      throw new CourseBundleError(
        'compression-ratio',
        '',
        `the archive expands more than ${this.limits.maxCompressionRatio}× its own size (${size(this.totalBytes)} out of ${size(source)} so far): refused as a likely archive bomb`,
      );
    }
  }

  private fileTooLarge(path: string): CourseBundleError {
    return new CourseBundleError(
      'too-large',
      path,
      `"${printable(path)}" is larger than ${size(this.limits.maxFileBytes)}, the most one file of a course bundle may have; refused`,
    );
  }

  private async makeDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  private target(path: string): string {
    return join(this.root, ...path.split('/'));
  }
}
