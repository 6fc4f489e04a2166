import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from './bundle-validator';
import { CourseBundleError } from './course-errors';
import { DEFAULT_BUNDLE_LIMITS, type BundleLimits } from './file-policy';
import { copyFolder } from './folder-copy';
import { StagingWriter } from './staging-writer';
import { extractTarGz } from './tar-extract';
import { extractZip } from './zip-extract';

export type BundleSourceKind = 'folder' | 'zip' | 'tar.gz';

export interface StagedBundle {
  readonly kind: BundleSourceKind;
  /** The folder holding course.yaml: the staging folder, or its single top folder. */
  readonly root: string;
  readonly bytes: number;
}

/** What a path holds, judged by its content (magic bytes), not its name. */
export async function detectSourceKind(path: string): Promise<BundleSourceKind> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CourseBundleError('unsupported-source', path, `"${path}" does not exist or cannot be read`);
  }
  if (info.isDirectory()) return 'folder';
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  // APPNOTE 4.3.7 / 4.3.16: local file header "PK\3\4", or an empty archive's "PK\5\6".
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  // RFC 1952 2.3.1: gzip members start with 0x1f 0x8b.
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  throw new CourseBundleError('unsupported-source', path, `"${path}" is neither a folder, a .zip nor a .tar.gz archive`);
}

/**
 * Extracts or copies a bundle into `stagingDir` (which must not exist yet and should sit on the
 * library's file system, so the import can finish with a rename). Throws CourseBundleError for
 * anything hostile; nothing outside `stagingDir` is touched.
 */
export async function stageBundle(source: string, stagingDir: string, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<StagedBundle> {
  const kind = await detectSourceKind(source);
  const archiveBytes = kind === 'folder' ? undefined : (await stat(source)).size;
  const writer = new StagingWriter(stagingDir, limits, archiveBytes);
  await mkdir(stagingDir);
  if (kind === 'folder') await copyFolder(source, writer, limits);
  else if (kind === 'zip') await extractZip(source, writer, limits);
  else await extractTarGz(source, writer, limits, archiveBytes ?? 0);
  await writer.finish();
  return { kind, root: await bundleRoot(stagingDir), bytes: writer.bytesWritten };
}

/** Archives often wrap the bundle in one top folder ("intro-linux-1.0.0/course.yaml"); accept both. */
async function bundleRoot(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => e.name === MANIFEST_FILE)) return dir;
  const [only] = entries;
  if (entries.length === 1 && only?.isDirectory()) {
    const inner = join(dir, only.name);
    if ((await readdir(inner)).includes(MANIFEST_FILE)) return inner;
  }
  return dir;
}
