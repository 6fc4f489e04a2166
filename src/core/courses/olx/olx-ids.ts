import { createHash } from 'node:crypto';
import { COURSE_ID_PATTERN, STEP_ID_PATTERN, CONNECTION_NAME_PATTERN } from '../../../shared/course';

/**
 * Lab Console names derived from Open edX ones. Each depends on its source name only, never on its
 * neighbours, so a newer export of the same course gives the same ids — the learner's progress is
 * stored by step id and survives for every unit whose url_name did not change.
 */

export function shortHash(text: string, length = 6): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function slug(text: string, keep: RegExp): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(keep, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A valid name from `text`: its slug when that is one ("Routing_Lab" → "routing_lab"), else the
 * slug cut short with a short hash of the original. Two names with the same slug in one course are
 * told apart by the converter (see withHash).
 */
function derive(text: string, pattern: RegExp, keep: RegExp, max: number, prefix: string): string {
  let base = slug(text, keep);
  if (!/^[a-z]/.test(base) && !(pattern === STEP_ID_PATTERN && /^[0-9]/.test(base))) base = base ? `${prefix}-${base}` : prefix;
  if (pattern.test(base)) return base;
  return withHash(base, text, max);
}

/** `base` shortened to leave room for "-" and a hash of `source`. */
export function withHash(base: string, source: string, max: number): string {
  const hash = shortHash(source);
  return `${base.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** `hastexo-net101-routing-lab`: org, course and the subsection's url_name (a run changes nothing). */
export function courseIdOf(org: string, course: string, subsection: string): string {
  return derive(`${org}-${course}-${subsection}`, COURSE_ID_PATTERN, /[^a-z0-9]+/g, 63, 'c');
}

/** A step id from a unit's url_name: the url_name itself when it is one. */
export function stepIdOf(urlName: string): string {
  return derive(urlName, STEP_ID_PATTERN, /[^a-z0-9_]+/g, 64, 'u');
}

/** A connection name from a hastexo port name ("Server 1" → "server-1"). */
export function connectionNameOf(name: string): string {
  return derive(name, CONNECTION_NAME_PATTERN, /[^a-z0-9_]+/g, 32, 'port');
}

/** A file name for a step, ordered and readable: "steps/03-configure-routing.md". */
export function stepFileName(index: number, id: string): string {
  return `steps/${String(index + 1).padStart(2, '0')}-${id}.md`;
}
