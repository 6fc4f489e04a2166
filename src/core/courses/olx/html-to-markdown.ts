import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

/**
 * Open edX html components (Studio's rich-text HTML) as Markdown for a course step. The result holds
 * no raw HTML at all: scripts, styles, frames, forms and event handlers cannot survive, and every
 * character that Markdown would read as markup is escaped. parse5 parses the HTML the way browsers
 * do (it never runs or fetches anything), so sloppy HTML converts as it displayed in Open edX.
 */

type Node = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];

export type Resolved = { readonly href: string } | { readonly href: null; readonly note: string };

export interface HtmlAssets {
  /** An `<img src>`: a bundle-relative href for the step, or a note on why it is not shown. */
  image(src: string): Resolved;
  /** An `<a href>`: the href to keep, or a note on why the link is dropped (its text stays). */
  link(href: string): Resolved;
}

export interface MarkdownResult {
  readonly markdown: string;
  /** What could not be carried over, for the conversion report. */
  readonly notes: readonly string[];
}

const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'svg',
  'math',
  'canvas',
  'object',
  'embed',
  'applet',
  'param',
  'map',
  'area',
]);
const MEDIA = new Set(['video', 'audio', 'iframe', 'frame', 'frameset']);
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'figure',
  'figcaption',
  'center',
  'address',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'body',
  'html',
  'fieldset',
  'legend',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'pre',
  'blockquote',
  'table',
  'hr',
]);

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function isBlock(node: Node): boolean {
  return isElement(node) && (BLOCKS.has(node.tagName) || MEDIA.has(node.tagName));
}

/** Escapes what CommonMark would otherwise read as markup, inside a line of text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** A line that would start a heading, list, quote or rule is escaped at its start. */
function escapeLineStart(line: string): string {
  return line.replace(
    /^(\s*)([#+=-]|\d+[.)])(?=\s|$)/,
    (_m, space: string, mark: string) => `${space}${mark.replace(/^(\d+)([.)])$/, '$1\\$2').replace(/^([#+=-])$/, '\\$1')}`,
  );
}

class Converter {
  readonly notes: string[] = [];

  constructor(private readonly assets: HtmlAssets) {}

  /** Block-level Markdown for a list of nodes: inline runs become paragraphs. */
  blocks(nodes: readonly Node[]): string[] {
    const out: string[] = [];
    let run: Node[] = [];
    const flush = (): void => {
      const text = this.paragraph(run);
      if (text) out.push(text);
      run = [];
    };
    for (const node of nodes) {
      if (isElement(node) && DROPPED.has(node.tagName)) continue;
      if (isBlock(node)) {
        flush();
        out.push(...this.block(node as Element));
      } else run.push(node);
    }
    flush();
    return out;
  }

  private paragraph(nodes: readonly Node[]): string {
    const text = this.inline(nodes)
      .split('\n')
      .map((line) => escapeLineStart(line.replace(/^[ \t]+/, '')))
      .join('\n')
      .trim();
    return text.replace(/^( {2}\n)+|( {2}\n)+$/g, '').trim();
  }

  private block(element: Element): string[] {
    const tag = element.tagName;
    if (/^h[1-6]$/.test(tag)) {
      const text = this.inline(element.childNodes)
        .replace(/\s*\n\s*/g, ' ')
        .trim();
      return text ? [`${'#'.repeat(Number(tag[1]))} ${text}`] : [];
    }
    switch (tag) {
      case 'ul':
      case 'ol':
        return this.list(element);
      case 'pre':
        return [this.codeBlock(element)];
      case 'blockquote': {
        const inner = this.blocks(element.childNodes).join('\n\n');
        return inner
          ? [
              inner
                .split('\n')
                .map((l) => (l ? `> ${l}` : '>'))
                .join('\n'),
            ]
          : [];
      }
      case 'hr':
        return ['---'];
      case 'table':
        return this.table(element);
      case 'li':
        return this.blocks(element.childNodes);
      default:
        if (MEDIA.has(tag)) return this.media(element);
        return this.blocks(element.childNodes);
    }
  }

  private list(element: Element): string[] {
    const ordered = element.tagName === 'ol';
    let number = Number(attr(element, 'start') ?? '1') || 1;
    const items: string[] = [];
    for (const child of element.childNodes) {
      if (!isElement(child)) {
        const text = 'value' in child ? child.value.trim() : '';
        if (text) items.push(`- ${escapeMarkdown(text)}`);
        continue;
      }
      const marker = ordered ? `${number++}.` : '-';
      const body = child.tagName === 'li' ? this.blocks(child.childNodes) : this.blocks([child]);
      const hasParagraphs = body.length > 1 && !body.slice(1).every((b) => /^(\s*)([-*+]|\d+\.) /.test(b));
      const joined = body.join(hasParagraphs ? '\n\n' : '\n') || '';
      const indent = ' '.repeat(marker.length + 1);
      items.push(
        `${marker} ${joined
          .split('\n')
          .map((line, i) => (i === 0 || line === '' ? line : indent + line))
          .join('\n')}`.trimEnd(),
      );
    }
    return items.length ? [items.join('\n')] : [];
  }

  private codeBlock(element: Element): string {
    const code = element.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'code');
    const className = `${attr(element, 'class') ?? ''} ${code ? (attr(code, 'class') ?? '') : ''}`;
    const language = /(?:^|\s)(?:language|lang)-([A-Za-z0-9_+-]+)/.exec(className)?.[1] ?? '';
    const text = rawText(element).replace(/^\n/, '').replace(/\s+$/, '');
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}${language}\n${text}\n${fence}`;
  }

  private table(element: Element): string[] {
    const rows: string[][] = [];
    const visit = (node: Element): void => {
      for (const child of node.childNodes) {
        if (!isElement(child)) continue;
        if (child.tagName === 'tr') {
          rows.push(
            child.childNodes
              .filter((c): c is Element => isElement(c) && (c.tagName === 'td' || c.tagName === 'th'))
              .map((cell) =>
                this.inline(cell.childNodes)
                  .replace(/\s*\n\s*/g, ' ')
                  .trim(),
              ),
          );
        } else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) visit(child);
      }
    };
    visit(element);
    const width = Math.max(0, ...rows.map((r) => r.length));
    if (width === 0) return [];
    const line = (cells: readonly string[]): string => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
    const [head = [], ...body] = rows;
    return [[line(head), line(Array(width).fill('---')), ...body.map(line)].join('\n')];
  }

  private media(element: Element): string[] {
    const src =
      attr(element, 'src') ??
      element.childNodes
        .filter(isElement)
        .map((c) => attr(c, 'src'))
        .find(Boolean);
    this.notes.push(`<${element.tagName}> is not embedded in a step${src ? `; a link to ${src} is shown instead` : ' and was left out'}`);
    if (!src) return [];
    const link = this.assets.link(src);
    return link.href ? [`[${element.tagName === 'iframe' ? 'Embedded content' : 'Media'}](${link.href})`] : [];
  }

  inline(nodes: readonly Node[]): string {
    return nodes.map((node) => this.inlineNode(node)).join('');
  }

  private inlineNode(node: Node): string {
    if (!isElement(node)) {
      if (node.nodeName === '#text' && 'value' in node) return escapeMarkdown(node.value.replace(/\s+/g, ' '));
      return '';
    }
    const tag = node.tagName;
    if (DROPPED.has(tag)) return '';
    const inner = (): string => this.inline(node.childNodes);
    switch (tag) {
      case 'br':
        return '  \n';
      case 'strong':
      case 'b':
        return wrap(inner(), '**');
      case 'em':
      case 'i':
      case 'cite':
      case 'var':
        return wrap(inner(), '*');
      case 's':
      case 'del':
      case 'strike':
        return wrap(inner(), '~~');
      case 'code':
      case 'kbd':
      case 'tt':
      case 'samp':
        return codeSpan(rawText(node));
      case 'img':
        return this.image(node);
      case 'a':
        return this.anchor(node, inner());
      default:
        if (MEDIA.has(tag)) return this.media(node).join(' ');
        if (BLOCKS.has(tag)) return ` ${inner()} `;
        return inner();
    }
  }

  private image(element: Element): string {
    const src = attr(element, 'src');
    const alt = (attr(element, 'alt') ?? '').replace(/\s+/g, ' ').trim();
    if (!src) return '';
    const resolved = this.assets.image(src);
    if (resolved.href === null) {
      this.notes.push(resolved.note);
      return alt ? `*${escapeMarkdown(alt)}*` : '';
    }
    return `![${escapeMarkdown(alt)}](${markdownUrl(resolved.href)})`;
  }

  private anchor(element: Element, text: string): string {
    const href = attr(element, 'href');
    if (!href || href.startsWith('#')) return text;
    const resolved = this.assets.link(href);
    if (resolved.href === null) {
      this.notes.push(resolved.note);
      return text;
    }
    return `[${text.trim() || escapeMarkdown(resolved.href)}](${markdownUrl(resolved.href)})`;
  }
}

function wrap(text: string, mark: string): string {
  const trimmed = text.trim();
  if (!trimmed) return text;
  const lead = text.startsWith(' ') ? ' ' : '';
  const trail = text.endsWith(' ') ? ' ' : '';
  return `${lead}${mark}${trimmed}${mark}${trail}`;
}

function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  if (!flat.trim()) return '';
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function rawText(node: Node): string {
  if (!isElement(node)) return node.nodeName === '#text' && 'value' in node ? node.value : '';
  if (node.tagName === 'br') return '\n';
  return node.childNodes.map(rawText).join('');
}

/** A link target Markdown reads back as written: spaces and parentheses would end it early, a line break would end the link. */
export function markdownUrl(href: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = href.replace(/[\u0000-\u001f\u007f<>]/g, encodeURIComponent);
  return /[ ()]/.test(safe) ? `<${safe}>` : safe;
}

export function htmlToMarkdown(html: string, assets: HtmlAssets): MarkdownResult {
  const fragment = parseFragment(html);
  const converter = new Converter(assets);
  const markdown = converter
    .blocks(fragment.childNodes)
    .map((b) => b.replace(/[ \t]+$/gm, (m) => (m === '  ' ? m : '')))
    .filter((b) => b.trim() !== '')
    .join('\n\n');
  return { markdown: markdown ? `${markdown}\n` : '', notes: converter.notes };
}
