/**
 * A small strict XML parser for Open edX course exports (OLX). An export is untrusted input, so
 * this parser knows nothing of DTDs: a DOCTYPE (and with it every entity declaration, internal or
 * external) is refused, as is any entity other than XML's five and numeric character references.
 * Nothing is ever fetched. Limits on depth and node count keep a hostile file from costing more
 * than its own size.
 */

export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
  /** Came from a CDATA section (a test script, usually). */
  readonly cdata: boolean;
}

export interface XmlElement {
  readonly kind: 'element';
  /** As written, e.g. "option:tests". */
  readonly name: string;
  readonly prefix: string | null;
  readonly local: string;
  /** The namespace bound to the prefix (or the default namespace); null when none is declared. */
  readonly namespace: string | null;
  /** Attributes as written, in document order; namespace declarations (xmlns, xmlns:p) are left out. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
  readonly line: number;
  readonly column: number;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxAttributes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 200, maxNodes: 200_000, maxAttributes: 200 };

/** A file that is not well-formed XML, or that uses what an export may not (DOCTYPE, entities). */
export class XmlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column} ${reason}`);
    this.name = 'XmlError';
  }
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]/;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

interface OpenElement {
  readonly name: string;
  readonly prefix: string | null;
  readonly local: string;
  readonly attributes: Map<string, string>;
  readonly children: XmlNode[];
  readonly line: number;
  readonly column: number;
  readonly scope: ReadonlyMap<string, string>;
}

class Parser {
  private pos = 0;
  private nodes = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly limits: XmlLimits,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  parse(): XmlElement {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    let root: XmlElement | undefined;
    while (this.pos < this.text.length) {
      if (this.startsWith('<?')) this.skipProcessingInstruction();
      else if (this.startsWith('<!--')) this.skipComment();
      else if (this.startsWith('<!DOCTYPE') || this.startsWith('<!doctype')) throw this.refuseDoctype();
      else if (this.startsWith('<!')) throw this.error('markup declarations are not allowed outside an element');
      else if (this.text[this.pos] === '<') {
        if (root) throw this.error('only one root element is allowed');
        root = this.element(new Map([['xml', XML_NS]]));
      } else if (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      else throw this.error(root ? 'text after the root element' : 'text before the root element');
    }
    if (!root) throw this.error('no root element: the file is empty or not XML');
    return root;
  }

  private element(parentScope: ReadonlyMap<string, string>): XmlElement {
    const stack: OpenElement[] = [];
    let finished: XmlElement | undefined;
    const open = (scope: ReadonlyMap<string, string>): void => {
      const started = this.open(scope);
      if (started.selfClosing) {
        const done = this.close(started.element);
        if (stack.length === 0) finished = done;
        else stack[stack.length - 1]!.children.push(done);
      } else {
        if (stack.length >= this.limits.maxDepth) throw this.error(`elements nested deeper than ${this.limits.maxDepth} levels`);
        stack.push(started.element);
      }
    };
    open(parentScope);
    while (!finished) {
      const current = stack[stack.length - 1];
      if (!current) break;
      if (this.pos >= this.text.length) throw this.errorAt(current.line, current.column, `<${current.name}> is never closed`);
      if (this.startsWith('</')) {
        const tagStart = this.pos;
        this.pos += 2;
        const name = this.name();
        this.skipSpace();
        this.expect('>');
        if (name !== current.name)
          throw this.errorAtIndex(tagStart, `</${name}> closes <${current.name}> (opened at line ${current.line})`);
        stack.pop();
        const done = this.close(current);
        if (stack.length === 0) finished = done;
        else stack[stack.length - 1]!.children.push(done);
      } else if (this.startsWith('<!--')) this.skipComment();
      else if (this.startsWith('<![CDATA[')) current.children.push(this.cdata());
      else if (this.startsWith('<!DOCTYPE') || this.startsWith('<!doctype')) throw this.refuseDoctype();
      else if (this.startsWith('<!')) throw this.error('markup declarations (<!...>) are not allowed in an export');
      else if (this.startsWith('<?')) this.skipProcessingInstruction();
      else if (this.text[this.pos] === '<') open(current.scope);
      else current.children.push(this.textNode());
    }
    if (!finished) throw this.error('unexpected end of the file');
    return finished;
  }

  private open(parentScope: ReadonlyMap<string, string>): { element: OpenElement; selfClosing: boolean } {
    const [line, column] = this.where(this.pos);
    this.pos++;
    const name = this.name();
    const attributes = new Map<string, string>();
    const scope = new Map(parentScope);
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.startsWith('/>')) {
        this.pos += 2;
        return { element: this.opened(name, attributes, scope, line, column), selfClosing: true };
      }
      if (this.startsWith('>')) {
        this.pos += 1;
        return { element: this.opened(name, attributes, scope, line, column), selfClosing: false };
      }
      if (this.pos >= this.text.length) throw this.error(`<${name}> is cut off`);
      if (!hadSpace) throw this.error(`expected a space, ">" or "/>" in <${name}>`);
      const attribute = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const value = this.attributeValue();
      if (attribute === 'xmlns') scope.set('', value);
      else if (attribute.startsWith('xmlns:')) scope.set(attribute.slice(6), value);
      else {
        if (attributes.has(attribute)) throw this.error(`attribute "${attribute}" appears twice in <${name}>`);
        if (attributes.size >= this.limits.maxAttributes)
          throw this.error(`<${name}> has more than ${this.limits.maxAttributes} attributes`);
        attributes.set(attribute, value);
      }
    }
  }

  private opened(
    name: string,
    attributes: Map<string, string>,
    scope: ReadonlyMap<string, string>,
    line: number,
    column: number,
  ): OpenElement {
    this.count();
    const colon = name.indexOf(':');
    return {
      name,
      prefix: colon > 0 ? name.slice(0, colon) : null,
      local: colon > 0 ? name.slice(colon + 1) : name,
      attributes,
      children: [],
      line,
      column,
      scope,
    };
  }

  private close(open: OpenElement): XmlElement {
    return {
      kind: 'element',
      name: open.name,
      prefix: open.prefix,
      local: open.local,
      namespace: open.scope.get(open.prefix ?? '') ?? null,
      attributes: open.attributes,
      children: mergeText(open.children),
      line: open.line,
      column: open.column,
    };
  }

  private name(): string {
    const start = this.pos;
    if (!NAME_START.test(this.text[this.pos] ?? '')) throw this.error('expected a name');
    this.pos++;
    while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private attributeValue(): string {
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") throw this.error('expected a quoted attribute value');
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) throw this.error('attribute value is never closed');
    const raw = this.text.slice(this.pos + 1, end);
    const lt = raw.indexOf('<');
    if (lt >= 0) throw this.errorAtIndex(this.pos + 1 + lt, '"<" is not allowed in an attribute value (write &lt;)');
    const value = this.decode(raw, this.pos + 1).replace(/[\t\n\r]/g, ' ');
    this.pos = end + 1;
    return value;
  }

  private textNode(): XmlText {
    const start = this.pos;
    const next = this.text.indexOf('<', start);
    const end = next < 0 ? this.text.length : next;
    const raw = this.text.slice(start, end);
    const bad = raw.indexOf(']]>');
    if (bad >= 0) throw this.errorAtIndex(start + bad, '"]]>" is not allowed in text');
    this.pos = end;
    this.count();
    return { kind: 'text', text: this.decode(raw, start), cdata: false };
  }

  private cdata(): XmlText {
    const start = this.pos + '<![CDATA['.length;
    const end = this.text.indexOf(']]>', start);
    if (end < 0) throw this.error('CDATA section is never closed');
    this.pos = end + 3;
    this.count();
    return { kind: 'text', text: this.text.slice(start, end), cdata: true };
  }

  /** The five entities of XML and character references; anything else would need a DTD. */
  private decode(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]*);?/g, (match, body: string, at: number) => {
      if (!match.endsWith(';')) throw this.errorAtIndex(offset + at, 'a "&" must start an entity such as &amp; (write &amp; for "&")');
      const predefined = PREDEFINED[body];
      if (predefined !== undefined) return predefined;
      const code = /^#x[0-9a-fA-F]+$/.test(body)
        ? Number.parseInt(body.slice(2), 16)
        : /^#[0-9]+$/.test(body)
          ? Number.parseInt(body.slice(1), 10)
          : NaN;
      if (Number.isNaN(code)) {
        throw this.errorAtIndex(
          offset + at,
          `entity "&${body};" is refused: only &lt; &gt; &amp; &quot; &apos; and character references are read (an export may not declare entities)`,
        );
      }
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        throw this.errorAtIndex(offset + at, `"&${body};" is not a valid character`);
      return String.fromCodePoint(code);
    });
  }

  private skipComment(): void {
    const end = this.text.indexOf('-->', this.pos + 4);
    if (end < 0) throw this.error('comment is never closed');
    this.pos = end + 3;
  }

  private skipProcessingInstruction(): void {
    const end = this.text.indexOf('?>', this.pos + 2);
    if (end < 0) throw this.error('processing instruction is never closed');
    this.pos = end + 2;
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
    return this.pos > start;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) throw this.error(`expected "${char}"`);
    this.pos++;
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private count(): void {
    if (++this.nodes > this.limits.maxNodes) throw this.error(`more than ${this.limits.maxNodes} XML nodes in one file`);
  }

  private refuseDoctype(): XmlError {
    return this.error('a DOCTYPE is refused: an export may not declare entities (entity expansion or external entities)');
  }

  private where(index: number): [number, number] {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return [low + 1, index - this.lineStarts[low]! + 1];
  }

  private error(reason: string): XmlError {
    return this.errorAtIndex(this.pos, reason);
  }

  private errorAtIndex(index: number, reason: string): XmlError {
    const [line, column] = this.where(index);
    return new XmlError(this.file, line, column, reason);
  }

  private errorAt(line: number, column: number, reason: string): XmlError {
    return new XmlError(this.file, line, column, reason);
  }
}

/** Neighbouring text and CDATA become one text node (comments between them are gone already). */
function mergeText(children: XmlNode[]): XmlNode[] {
  const merged: XmlNode[] = [];
  for (const child of children) {
    const last = merged[merged.length - 1];
    if (child.kind === 'text' && last?.kind === 'text')
      merged[merged.length - 1] = { kind: 'text', text: last.text + child.text, cdata: last.cdata || child.cdata };
    else merged.push(child);
  }
  return merged;
}

export function parseXml(text: string, file: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  return new Parser(text, file, limits).parse();
}

/** The element children of an element. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.kind === 'element');
}

/** All text inside an element, in order. */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => (c.kind === 'text' ? c.text : textOf(c))).join('');
}

/** HTML elements without content or end tag: "<br></br>" would read as two line breaks. */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

/** The children written back as markup, for HTML that was embedded in the XML. */
export function serializeChildren(element: XmlElement): string {
  return element.children
    .map((child) => {
      if (child.kind === 'text') return escapeText(child.text);
      const attributes = [...child.attributes].map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
      if (VOID_ELEMENTS.has(child.name.toLowerCase())) return `<${child.name}${attributes}>`;
      return `<${child.name}${attributes}>${serializeChildren(child)}</${child.name}>`;
    })
    .join('');
}
