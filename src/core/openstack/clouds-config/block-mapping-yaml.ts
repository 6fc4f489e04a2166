import { Document, isScalar } from 'yaml';
import type { ConfigMap } from './merge';

/**
 * clouds.yaml and secure.yaml as nearly everyone writes them — nested block mappings of names,
 * URLs, numbers and quoted passwords — read in one pass, where the full YAML parser (`yaml`) takes
 * 5–13 ms of a command's start for a 2 KB file, interpreted code walking each character through
 * its lexer, composer and document. Anything outside that subset, or that YAML 1.1 could read as
 * something other than what this reads, returns undefined and the caller reads the file with the
 * full parser: this never decides a file differently, it only declines (block-mapping-yaml.test.ts
 * holds it to the full parser's answers on generated and mutated files).
 */
export interface BlockMappingFile {
  readonly data: ConfigMap;
  /** The line of each key, by its path joined with "\0", keys spelled with "_" for "-". */
  readonly keyLines: ReadonlyMap<string, number>;
}

/** `key:` or `key: value`, at an indentation of spaces; a key starting as YAML's plain strings may. */
const KEY_LINE = /^( *)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
/**
 * A plain scalar of one word that cannot start or end anything else: no space, "#", quote, bracket,
 * anchor, alias, tag or block indicator, and a "-", "+" or "." only before more of it.
 */
const PLAIN_WORD = /^(?:[A-Za-z0-9_/]|[-+.][A-Za-z0-9_/.])[A-Za-z0-9_./:@%+=,-]*$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
/**
 * The full parser's own tests of a plain scalar, as parseYamlFileFully reads (YAML 1.1), in its order:
 * a word one of them matches is a number, a time, a date, a boolean or null, not a string.
 */
const RESOLVING_TAGS = new Document(null, { version: '1.1', uniqueKeys: false }).schema.tags.flatMap((tag) =>
  tag.default === true && 'test' in tag && tag.test ? [{ ...tag, test: tag.test }] : [],
);
const resolvingTag = (word: string) => RESOLVING_TAGS.find((tag) => tag.test.test(word));
const readsAsString = (word: string) => resolvingTag(word) === undefined;
/** Booleans and null, which the full parser's tags resolve to constants; numbers other than plain decimals are left to it. */
const CONSTANT_TAGS = new Set(['tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null']);

const DECLINED = Symbol('declined');
type Scalar = string | number | boolean | null;

/** The value after `key: `, comment and all; DECLINED when the full parser must read it. */
function scalar(text: string): Scalar | typeof DECLINED {
  const quote = text[0];
  if (quote === "'" || quote === '"') {
    // The closing quote: for single quotes, one not doubled ('' is a quote inside).
    let end = 1;
    for (;;) {
      end = text.indexOf(quote, end);
      if (end < 0) return DECLINED;
      if (quote === "'" && text[end + 1] === "'") end += 2;
      else break;
    }
    const inner = text.slice(1, end);
    if (quote === '"' && inner.includes('\\')) return DECLINED;
    if (!isCommentOrBlank(text.slice(end + 1), true)) return DECLINED;
    return quote === "'" ? inner.replaceAll("''", "'") : inner;
  }
  const space = text.indexOf(' ');
  const token = space < 0 ? text : text.slice(0, space);
  if (space >= 0 && !isCommentOrBlank(text.slice(space), true)) return DECLINED;
  if (!PLAIN_WORD.test(token) || token.endsWith(':')) return DECLINED;
  if (DECIMAL.test(token)) return Number(token);
  const tag = resolvingTag(token);
  if (!tag) return token;
  if (!CONSTANT_TAGS.has(tag.tag)) return DECLINED;
  const resolved: unknown = tag.resolve(token, () => undefined, {});
  return isScalar(resolved) ? (resolved.value as boolean | null) : DECLINED;
}

/** Nothing but spaces, or spaces and a comment (which needs a space before its "#" after a value). */
function isCommentOrBlank(rest: string, afterValue: boolean): boolean {
  const trimmed = rest.trimStart();
  if (trimmed === '') return true;
  return trimmed[0] === '#' && (!afterValue || trimmed.length < rest.length);
}

interface Level {
  readonly indent: number;
  readonly map: ConfigMap;
  readonly path: string;
}

/** The file's mappings, or undefined when it holds anything else (the full parser then reads it). */
export function readBlockMappingYaml(text: string): BlockMappingFile | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  const root: ConfigMap = {};
  const keyLines = new Map<string, number>();
  const stack: Level[] = [{ indent: 0, map: root, path: '' }];
  // A key with no value on its line: its mapping starts on the next line indented deeper, else it is null.
  let open: { level: Level; key: string; path: string } | undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (isCommentOrBlank(line, false)) continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const indent = match[1]!.length;
    const key = match[2]!;
    const rest = match[3] ?? '';
    if (!readsAsString(key) || key === '__proto__') return undefined;
    let level = stack[stack.length - 1]!;
    if (open && indent > open.level.indent) {
      const map: ConfigMap = {};
      open.level.map[open.key] = map;
      level = { indent, map, path: open.path };
      stack.push(level);
    } else {
      while (stack.length > 1 && stack[stack.length - 1]!.indent > indent) stack.pop();
      level = stack[stack.length - 1]!;
      if (level.indent !== indent) return undefined;
    }
    open = undefined;
    const path = level.path === '' ? key.replaceAll('-', '_') : `${level.path}\0${key.replaceAll('-', '_')}`;
    // A key twice (or spelled once with "-" and once with "_"): which one a field's line points at is the full parser's call.
    if (keyLines.has(path)) return undefined;
    keyLines.set(path, index + 1);
    if (isCommentOrBlank(rest, false)) {
      level.map[key] = null;
      open = { level, key, path };
      continue;
    }
    const value = scalar(rest);
    if (value === DECLINED) return undefined;
    level.map[key] = value;
  }
  if (keyLines.size === 0) return undefined;
  return { data: root, keyLines };
}
