import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateFileError, type TemplateReference, type UrlReader } from '../openstack/heat/template-files';
import { DEFAULT_BUNDLE_LIMITS } from './file-policy';

const ONLY_INSIDE = 'a course may only name files inside its bundle, by relative paths';
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The one gate between a course's Heat files and the disk: every file the template, its
 * environment and their nested templates name (get_file, a resource type, a resource_registry
 * entry) is read through it, by `course validate`, `course import` and every launch. It reads
 * only regular files inside `root`, named by relative paths, whose real path (links followed)
 * is inside `root` too: an absolute path, a `..` that leaves the bundle, a `file:` URL outside
 * it, a link pointing out and every remote URL are refused, so a course can neither read the
 * learner's files nor make the app fetch anything.
 */
export function bundleReader(root: string, maxFileBytes = DEFAULT_BUNDLE_LIMITS.maxFileBytes): UrlReader {
  const folder = resolve(root);
  let realRoot: Promise<string> | undefined;
  return async (url, reference) => {
    const refuse = (why: string): never => {
      throw new TemplateFileError(url, `${subject(url, folder, reference)} ${why}`, reference?.from, reference);
    };
    const written = reference?.value;
    if (written !== undefined && (/^([a-z]:)?[\\/]/i.test(written) || (!URL_SCHEME.test(written) && isAbsolute(written)))) {
      refuse(`is an absolute path; ${ONLY_INSIDE}`);
    }
    if (!url.startsWith('file:')) refuse(`is a remote URL; ${ONLY_INSIDE}, and nothing is fetched from the network`);
    const path = fileURLToPath(url);
    if (!isInside(folder, path)) refuse(`leads outside the bundle; ${ONLY_INSIDE}`);
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new TemplateFileError(url, `file not found in the bundle: "${bundlePath(folder, path)}"`, reference?.from, reference);
    }
    if (!isInside(await (realRoot ??= realpath(folder)), real)) refuse(`is a link to a file outside the bundle; ${ONLY_INSIDE}`);
    return readRegularFile(real, maxFileBytes, refuse);
  };
}

/** `"value"` as written (with its base_url), or the file's place in the bundle when it was not named by a reference. */
function subject(url: string, folder: string, reference: TemplateReference | undefined): string {
  if (!reference) return `"${url.startsWith('file:') ? bundlePath(folder, fileURLToPath(url)) : url}"`;
  return reference.baseUrl === undefined ? `"${reference.value}"` : `"${reference.value}" with base_url "${reference.baseUrl}"`;
}

function bundlePath(folder: string, path: string): string {
  return relative(folder, path).split(sep).join('/');
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Opens first and judges the open file, so what is read is what was checked: no FIFO (opened
 * without blocking), no device, no hard link, nothing larger than a bundle may hold, no symbolic
 * link swapped in since.
 */
async function readRegularFile(path: string, maxBytes: number, refuse: (why: string) => never): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) refuse('is not a regular file');
    // Import writes every file anew (one link each); a second name means a hard link made since,
    // which a path check cannot see: it may be the same file as one outside the bundle.
    if (info.nlink > 1) refuse(`is a hard link (the same file as another, possibly outside the bundle); ${ONLY_INSIDE}`);
    if (info.size > maxBytes) refuse(`is larger than ${maxBytes} bytes`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
