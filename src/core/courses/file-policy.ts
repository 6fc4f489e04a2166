import { posix } from 'node:path';

/**
 * What a bundle may contain and how big it may be. Limits are enforced on the bytes actually
 * written while extracting, never on sizes an archive's headers claim.
 */
export interface BundleLimits {
  /** Sum of all files once extracted. */
  readonly maxTotalBytes: number;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  /** Extracted bytes per byte of archive; beyond it the archive is treated as a bomb. */
  readonly maxCompressionRatio: number;
  /** The ratio is only judged once this many bytes came out (tiny archives compress well legitimately). */
  readonly ratioGraceBytes: number;
  readonly maxPathLength: number;
  readonly maxDepth: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxTotalBytes: 200 * MiB,
  maxFileBytes: 50 * MiB,
  maxFiles: 5000,
  maxCompressionRatio: 100,
  ratioGraceBytes: 4 * MiB,
  maxPathLength: 255,
  maxDepth: 16,
};

export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

const TEXT_TYPES: Readonly<Record<string, string>> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.txt': 'text/plain',
  '.sh': 'text/x-shellscript',
  '.py': 'text/x-python',
};

/** Extensionless files allowed at the bundle root. */
const ROOT_DOCUMENTS = new Set(['LICENSE', 'README', 'NOTICE', 'AUTHORS', 'CHANGELOG', 'COPYING']);

/** Folders whose extensionless files are scripts (run on the lab over ssh, never here). */
const SCRIPT_FOLDERS = ['checks/', 'hooks/', 'solve/'];

export function mediaTypeOf(path: string): string | undefined {
  const ext = posix.extname(path).toLowerCase();
  return IMAGE_TYPES[ext] ?? TEXT_TYPES[ext];
}

export function isImagePath(path: string): boolean {
  return posix.extname(path).toLowerCase() in IMAGE_TYPES;
}

/** Archive/folder entries skipped without complaint: editor and OS litter, VCS folders. */
export function isIgnoredEntry(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX' || part === 'Thumbs.db');
}

export interface FileTypeContext {
  /** Folders whose files travel to Heat with the template (get_file); any type is fine there. */
  readonly templateFolders: readonly string[];
  /** Scripts named by checks, solves and hooks; they may lack an extension wherever they are. */
  readonly scripts: ReadonlySet<string>;
}

/**
 * Why a file may not be in a bundle, or undefined when it may. Types matter because the course
 * view renders Markdown and images from the bundle: an .html or .js there could run in the app.
 */
export function fileTypeProblem(path: string, context: FileTypeContext): string | undefined {
  if (context.templateFolders.some((folder) => path.startsWith(`${folder}/`))) return undefined;
  const ext = posix.extname(path).toLowerCase();
  if (ext in IMAGE_TYPES || ext in TEXT_TYPES) return undefined;
  if (ext === '') {
    if (!path.includes('/') && ROOT_DOCUMENTS.has(path)) return undefined;
    if (context.scripts.has(path) || SCRIPT_FOLDERS.some((folder) => path.startsWith(folder))) return undefined;
  }
  return `file type "${ext || 'no extension'}" is not allowed here; a bundle holds Markdown, YAML, text, images (${Object.keys(IMAGE_TYPES).join(' ')}), scripts (.sh, .py, or no extension under checks/, hooks/ and solve/), and anything under the template's folder`;
}
