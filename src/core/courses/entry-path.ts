import { CourseBundleError } from './course-errors';
import type { BundleLimits } from './file-policy';

/**
 * The relative "/"-separated path of an archive or folder entry, or "" for the bundle root.
 * Refuses names that could land outside the staging folder (zip-slip) or that no file system
 * agrees on.
 */
export function safeEntryPath(raw: string, limits: BundleLimits): string {
  if (raw.includes('\0')) throw new CourseBundleError('bad-path', raw, `entry "${printable(raw)}" has a NUL byte in its name`);
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw new CourseBundleError(
      'absolute-path',
      raw,
      `entry "${printable(raw)}" has an absolute path; every entry of a bundle must be relative to the bundle`,
    );
  }
  if (raw.includes('\\')) {
    throw new CourseBundleError('bad-path', raw, `entry "${printable(raw)}" has "\\" in its name; bundles use "/" between folders`);
  }
  const parts = raw.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) {
    throw new CourseBundleError(
      'path-escape',
      raw,
      `entry "${printable(raw)}" climbs out of the bundle with ".." (a "zip-slip" path); refused`,
    );
  }
  const path = parts.join('/');
  if (path.length > limits.maxPathLength || parts.length > limits.maxDepth) {
    throw new CourseBundleError(
      'bad-path',
      raw,
      `entry "${printable(raw).slice(0, 80)}…" is nested too deep or named too long (max ${limits.maxDepth} levels, ${limits.maxPathLength} characters)`,
    );
  }
  return path;
}

/** Control characters made visible, so a hostile name cannot rewrite the terminal it is shown in. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
