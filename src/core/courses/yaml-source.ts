import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node,
} from 'yaml';
import type { CourseIssue } from '../../shared/course';

/** A field inside a YAML file, as zod reports it: keys and list indexes from the root. */
export type FieldPath = readonly PropertyKey[];

export interface LocatedProblem {
  readonly path: FieldPath;
  readonly message: string;
  /** Point at the key itself (unknown fields) rather than at its value. */
  readonly at?: 'key' | 'value';
}

/** A course's YAML files are small (Heat itself refuses templates over 512 KiB); larger ones are not parsed. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** yaml's own default: alias uses × the aliases inside what they name, beyond which it stops (an "alias bomb"). */
const MAX_ALIAS_COUNT = 100;

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
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_YAML_BYTES) {
      this.doc = parseDocument('');
      this.issues.push({
        file,
        line: 1,
        column: 1,
        path: '',
        message: `YAML file larger than 1 MiB (${bytes} bytes); a course's YAML files must be smaller`,
      });
      this.data = undefined;
      return;
    }
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    for (const error of this.doc.errors) {
      const { line, col } = this.lineCounter.linePos(error.pos[0]);
      this.issues.push({ file, line, column: col, path: '', message: yamlMessage(error.code, error.message) });
    }
    this.data = this.doc.errors.length === 0 ? this.toData() : undefined;
  }

  /** The plain data, or an issue at the alias where expanding them would run away ("billion laughs"). */
  private toData(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      const alias = overflowingAlias(this.doc, MAX_ALIAS_COUNT);
      const { line, col } = this.lineCounter.linePos(nodeStart(alias) ?? 0);
      this.issues.push({
        file: this.file,
        line,
        column: col,
        path: '',
        message: alias
          ? 'YAML error: its aliases expand to too much (an "alias bomb"); write the values out instead of nesting aliases'
          : `YAML error: ${error.message}`,
      });
      return undefined;
    }
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

/**
 * The alias at which yaml's toJS stops on maxAliasCount: its rule (Alias.resolve) replayed in
 * document order — each use of an anchor counts, weighted by the aliases inside what it names —
 * so the issue can say where. Undefined if the replay finds none.
 */
function overflowingAlias(doc: Document, maxAliasCount: number): Alias | undefined {
  const order: Node[] = [];
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node) || (node as { anchor?: string }).anchor) order.push(node);
    },
  });
  const anchors = new Map<Node, { count: number; aliasCount: number }>();
  const sourceOf = (alias: Alias): Node | undefined => {
    let found: Node | undefined;
    for (const node of order) {
      if (node === alias) break;
      if ((node as { anchor?: string }).anchor === alias.source) found = node;
    }
    return found;
  };
  const aliasCount = (node: unknown): number => {
    if (isAlias(node)) {
      const source = sourceOf(node);
      const data = source && anchors.get(source);
      return data ? data.count * data.aliasCount : 0;
    }
    if (isCollection(node)) return node.items.reduce<number>((most, item) => Math.max(most, aliasCount(item)), 0);
    if (isPair(node)) return Math.max(aliasCount(node.key), aliasCount(node.value));
    return 1;
  };
  for (const node of order) {
    if (!isAlias(node)) {
      anchors.set(node, { count: 1, aliasCount: 0 });
      continue;
    }
    const source = sourceOf(node);
    const data = source && anchors.get(source);
    if (!source || !data) continue;
    data.count += 1;
    if (data.aliasCount === 0) data.aliasCount = aliasCount(source);
    if (data.count * data.aliasCount > maxAliasCount) return node;
  }
  return undefined;
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
