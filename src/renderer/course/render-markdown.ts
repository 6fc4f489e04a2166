import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';
import { Marked, type Tokens } from 'marked';

/** Where a step's images come from: always the course's own files, never the network. */
export type ImageResolver = (ref: string) => string | undefined;

const ALLOWED_LINK = /^(https?:|mailto:|#)/i;

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

/** Shell-like blocks get a "Run in terminal" button; every block gets "Copy". */
const RUNNABLE = new Set(['', 'sh', 'bash', 'shell', 'console', 'zsh']);

function createMarked(): Marked {
  const marked = new Marked({ gfm: true, breaks: false });
  marked.use({
    renderer: {
      code({ text, lang }: Tokens.Code): string {
        const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
        const runnable = RUNNABLE.has(language.toLowerCase());
        return [
          `<div class="code-block" data-language="${escapeHtml(language)}">`,
          `<div class="code-actions">`,
          `<button type="button" class="code-copy" data-action="copy">Copy</button>`,
          runnable ? `<button type="button" class="code-run" data-action="run">Run in terminal</button>` : '',
          `</div>`,
          `<pre><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">${highlight(text, language)}</code></pre>`,
          `</div>`,
        ].join('');
      },
    },
  });
  return marked;
}

const marked = createMarked();

/**
 * Markdown → HTML that is safe to insert: no script, no event handlers, no frames or forms, links
 * only to http(s)/mailto/anchors (opened outside the app), images only from the course bundle.
 */
export function renderMarkdown(markdown: string, resolveImage: ImageResolver): string {
  const raw = marked.parse(markdown, { async: false });
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!ALLOWED_LINK.test(href)) node.removeAttribute('href');
      else if (!href.startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    }
    if (node.tagName === 'IMG') {
      const resolved = resolveImage(node.getAttribute('src') ?? '');
      if (resolved) node.setAttribute('src', resolved);
      else {
        // A remote or missing image would reach out or break: show its text instead.
        node.setAttribute('data-missing', node.getAttribute('src') ?? '');
        node.removeAttribute('src');
      }
      node.removeAttribute('srcset');
    }
  });
  return purify.sanitize(raw, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'textarea', 'select', 'svg', 'math', 'base', 'link', 'meta'],
    FORBID_ATTR: ['style', 'srcdoc', 'formaction', 'xlink:href'],
    ALLOW_DATA_ATTR: true,
  });
}
