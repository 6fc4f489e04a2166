import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { CourseIssue } from '../../shared/course';

/** A field inside a YAML file, as zod reports it: keys and list indexes from the root. */
export type FieldPath = readonly PropertyKey[];

export interface LocatedProblem {
  readonly path: FieldPath;
  readonly message: string;
  /** Point at the key itself (unknown fields) rather than at its value. */
  readonly at?: 'key' | 'value';
}

/**
 * A parsed YAML file that remembers where every node came from, so a problem found in the
 * plain data (by zod or a cross-check) can be reported at its line and column.
 */
export class YamlSource {
  readonly issues: CourseIssue[] = [];
  readonly data: unknown;
  private readonly lineCounter = new LineCounter();
  private readonly doc: Document;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    for (const error of this.doc.errors) {
      const { line, col } = this.lineCounter.linePos(error.pos[0]);
      this.issues.push({ file, line, column: col, path: '', message: yamlMessage(error.code, error.message) });
    }
    // maxAliasCount guards against alias expansion bombs ("billion laughs").
    this.data = this.doc.errors.length === 0 ? this.doc.toJS({ maxAliasCount: 100 }) : undefined;
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  /** A problem at a field, turned into an issue with its line and column. */
  issue(problem: LocatedProblem): CourseIssue {
    const { line, column } = this.locate(problem.path, problem.at ?? 'value');
    return { file: this.file, line, column, path: formatFieldPath(problem.path), message: problem.message };
  }

  /**
   * The position of a field. A field that is missing points at the closest parent that exists
   * (its key), so "is required" lands on the mapping that lacks it.
   */
  locate(path: FieldPath, at: 'key' | 'value' = 'value'): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let offset = nodeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        const keyStart = nodeStart(pair.key);
        if (last && at === 'key') {
          offset = keyStart ?? offset;
          break;
        }
        const valueStart = nodeStart(pair.value);
        // An empty value (`port:`) has no useful position of its own: use the key's.
        offset = valueStart !== undefined && !isEmptyScalar(pair.value) ? valueStart : (keyStart ?? offset);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        offset = nodeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

/** `lab.connections[0].protocol` */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** The value at a field of plain data, or undefined. */
export function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

const YAML_HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'this key appears twice in the same mapping',
  BAD_INDENT: 'check the indentation',
  TAB_AS_INDENT: 'YAML indents with spaces, not tabs',
};

function yamlMessage(code: string, message: string): string {
  const hint = YAML_HINTS[code];
  return `YAML error: ${message}${hint ? ` (${hint})` : ''}`;
}
