import { posix } from 'node:path';
import { marked, type Token } from 'marked';

export interface ImageRef {
  /** As written: `![x](images/a.png)` → "images/a.png". */
  readonly href: string;
  readonly line: number;
  readonly column: number;
}

export interface MarkdownFacts {
  readonly images: readonly ImageRef[];
  /** The words a reader sees (code included), for search and snippets. */
  readonly text: string;
}

// Raw HTML is sanitised by the course view, but its images still have to resolve offline.
const HTML_IMG_SRC = /<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const HTML_TAG = /<[^>]*>/g;

/** The images a step's Markdown shows and its plain text, from marked's own tokenizer. */
export function analyzeMarkdown(markdown: string): MarkdownFacts {
  const images: ImageRef[] = [];
  const words: string[] = [];
  const lineStarts = lineStartsOf(markdown);
  let cursor = 0;
  const position = (raw: string): { line: number; column: number } => {
    let at = markdown.indexOf(raw, cursor);
    if (at < 0) at = markdown.indexOf(raw);
    if (at >= 0) cursor = at;
    return positionOf(lineStarts, Math.max(at, 0));
  };

  marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    switch (token.type) {
      case 'image':
        images.push({ href: token.href, ...position(token.raw) });
        break;
      case 'html': {
        for (const match of token.raw.matchAll(HTML_IMG_SRC)) {
          const href = match[1] ?? match[2] ?? match[3] ?? '';
          images.push({ href, ...position(match[0]) });
        }
        words.push(token.text.replace(HTML_TAG, ' '));
        break;
      }
      case 'code':
      case 'codespan':
      case 'escape':
        words.push(token.text);
        break;
      case 'text':
        if (!('tokens' in token) || !token.tokens) words.push(token.text);
        break;
      default:
        break;
    }
  });
  return { images, text: words.join(' ').replace(/\s+/g, ' ').trim() };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

export type ResolvedImage = { readonly ok: true; readonly bundlePath: string } | { readonly ok: false; readonly reason: string };

/** Where an image reference of a Markdown file points inside the bundle. */
export function resolveImageRef(markdownFile: string, href: string): ResolvedImage {
  const trimmed = href.trim();
  if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(trimmed)) {
    return {
      ok: false,
      reason: `image "${href}" is not a file of the bundle; a course must read offline, so put the image in the bundle and refer to it by a relative path`,
    };
  }
  if (trimmed.startsWith('/')) {
    return { ok: false, reason: `image "${href}": write the path relative to this Markdown file, not starting with "/"` };
  }
  let decoded: string;
  try {
    decoded = decodeURI(trimmed.replace(/[?#].*$/, ''));
  } catch {
    return { ok: false, reason: `image "${href}" is not a valid URL path` };
  }
  const joined = posix.normalize(posix.join(posix.dirname(markdownFile), decoded));
  if (joined === '..' || joined.startsWith('../') || decoded === '') {
    return { ok: false, reason: `image "${href}" points outside the bundle` };
  }
  return { ok: true, bundlePath: joined };
}
