import { posix } from 'node:path';
import { printable } from '../entry-path';

/**
 * Paths an export names — url_names and static asset references — turned into paths inside the
 * export, or refused: an export is untrusted, so nothing it names may lead outside it or to the
 * network.
 */

/** Open edX url_names: letters, digits and "_-.~", with ":" between the parts of a nested name. */
const URL_NAME = /^[A-Za-z0-9_.~-]+(?::[A-Za-z0-9_.~-]+)*$/;

export type PathResult = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

export function isUrlName(name: string): boolean {
  return URL_NAME.test(name) && name.split(':').every((part) => part !== '.' && part !== '..');
}

/** `<category url_name="a:b"/>` lives in `category/a/b.xml` (the ":" becomes a folder, as Open edX writes it). */
export function definitionPath(category: string, urlName: string): PathResult {
  if (!isUrlName(urlName))
    return { ok: false, reason: `url_name "${printable(urlName)}" is not a valid Open edX url_name (letters, digits, "_-.~:")` };
  if (!/^[A-Za-z0-9_-]+$/.test(category)) return { ok: false, reason: `element <${printable(category)}> has no folder in an export` };
  return { ok: true, path: `${category}/${urlName.split(':').join('/')}.xml` };
}

/** A file name inside a category's folder (html's `filename`, hastexo's `filename`): no folders, no escapes. */
export function siblingFile(folder: string, name: string, extension: string): PathResult {
  const clean = name.endsWith(extension) ? name.slice(0, -extension.length) : name;
  const joined = posix.normalize(posix.join(folder, `${clean}${extension}`));
  if (
    clean === '' ||
    clean.includes('\\') ||
    clean.startsWith('/') ||
    !joined.startsWith(`${folder}/`) ||
    joined.split('/').includes('..')
  ) {
    return { ok: false, reason: `filename "${printable(name)}" leaves the "${folder}" folder of the export` };
  }
  return { ok: true, path: joined };
}

/**
 * A reference to a course asset (`stack_template_path="hot_lab.yaml"`, `src="/static/x.png"`) as a
 * path under `static/`. Absolute paths other than Open edX's `/static/…`, "..", "\", and URLs are
 * refused: they would read files outside the export or fetch from the network.
 */
export function staticAssetPath(reference: string): PathResult {
  const shown = printable(reference);
  const raw = reference.trim();
  if (raw === '') return { ok: false, reason: 'is empty' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw))
    return { ok: false, reason: `"${shown}" is a URL; assets must be files of the export (nothing is downloaded)` };
  if (raw.includes('\\') || raw.includes('\0')) return { ok: false, reason: `"${shown}" is not a "/"-separated path inside the export` };
  let path = raw.split(/[?#]/)[0] ?? '';
  if (path.startsWith('/static/')) path = path.slice('/static/'.length);
  else if (path.startsWith('static/')) path = path.slice('static/'.length);
  else if (path.startsWith('/'))
    return { ok: false, reason: `"${shown}" is an absolute path; an asset is named relative to the export's static/ folder` };
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { ok: false, reason: `"${shown}" is not a valid path` };
  }
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..') || decoded.startsWith('/')) return { ok: false, reason: `"${shown}" leaves the export's static/ folder` };
  if (parts.length === 0) return { ok: false, reason: `"${shown}" names no file` };
  return { ok: true, path: parts.join('/') };
}
