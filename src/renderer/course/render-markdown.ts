import hljs from 'highlight.js/lib/common';
import { Marked, type Tokens } from 'marked';
import { translator } from '../i18n/translator';
import { sanitizeStepHtml, TRUST_ATTRIBUTE, type ImageResolver } from './step-html-policy';

export type { ImageResolver } from './step-html-policy';

/** A step ready to show: its HTML, and the text of each code block, which Copy and Run take. */
export interface RenderedStep {
  html: string;
  /** Indexed by the `data-code-block` attribute of the block's element. */
  code: readonly string[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function highlight(code: string, lang: string | undefined): string {
  const language = lang && hljs.getLanguage(lang) ? lang : undefined;
  try {
    return language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
  } catch {
    return escapeHtml(code);
  }
}

// Controls (but tab and newline), format characters (zero-width, bidi overrides) and line separators
// draw nothing, or reorder what is drawn, yet a shell reads them.
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Spells out every invisible character, so the block shows (and Copy takes) the same text. */
export function revealInvisible(code: string): string {
  return code.replace(INVISIBLE, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** The words on a code block's buttons, in the language shown. */
export interface CodeButtonLabels {
  readonly copy: string;
  readonly run: string;
}

function codeButtonLabels(): CodeButtonLabels {
  return { copy: translator.t('course.markdown.copy'), run: translator.t('course.markdown.runInTerminal') };
}

/** Shell-like blocks get a "Run in terminal" button; every block gets "Copy". */
const RUNNABLE = new Set(['', 'sh', 'bash', 'shell', 'console', 'zsh']);

function freshTrust(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function createMarked(trust: string, code: string[], labels: CodeButtonLabels): Marked {
  const marked = new Marked({ gfm: true, breaks: false });
  const mark = `${TRUST_ATTRIBUTE}="${trust}"`;
  marked.use({
    renderer: {
      code({ text, lang }: Tokens.Code): string {
        const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
        const runnable = RUNNABLE.has(language.toLowerCase());
        const shown = revealInvisible(text);
        const index = code.push(shown) - 1;
        return [
          `<div class="code-block" ${mark} data-code-block="${index}" data-language="${escapeHtml(language)}">`,
          `<div class="code-actions" ${mark}>`,
          `<button type="button" class="code-copy" ${mark} data-action="copy">${escapeHtml(labels.copy)}</button>`,
          runnable ? `<button type="button" class="code-run" ${mark} data-action="run">${escapeHtml(labels.run)}</button>` : '',
          `</div>`,
          `<pre ${mark}><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}" ${mark}>${highlight(shown, language)}</code></pre>`,
          `</div>`,
        ].join('');
      },
    },
  });
  return marked;
}

/**
 * Markdown → HTML that is safe to insert and hides nothing (see sanitizeStepHtml). Copy and "Run in
 * terminal" take a block's text from `code`, the block as Markdown parsed it, never from the page.
 */
export function renderMarkdown(markdown: string, resolveImage: ImageResolver, labels = codeButtonLabels()): RenderedStep {
  const trust = freshTrust();
  const code: string[] = [];
  const raw = createMarked(trust, code, labels).parse(markdown, { async: false });
  return { html: sanitizeStepHtml(raw, trust, resolveImage), code };
}
