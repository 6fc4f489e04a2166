import DOMPurify from 'dompurify';

/** Where a step's images come from: always the course's own files, never the network. */
export type ImageResolver = (ref: string) => string | undefined;

/**
 * Markup the renderer itself writes carries this attribute with a value made fresh for each render;
 * raw HTML in a course cannot know it, so it cannot pass itself off as a code block or its buttons.
 */
export const TRUST_ATTRIBUTE = 'data-lc-trust';

/** Attributes only the renderer's own code blocks may carry. */
const RENDERER_ATTRIBUTES = ['data-code-block', 'data-action', 'data-language'];

const ALLOWED_LINK = /^(https?:|mailto:|#)/i;

/**
 * An allow-list: what Markdown produces plus a few harmless inline tags. Nothing that loads from the
 * network by itself (video, audio, source, track, picture, object, iframe, link, svg…), no forms, no
 * style, and no attribute that hides text (hidden, aria-hidden, style) or fetches (srcset, poster,
 * background, xlink:href…).
 */
const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'button',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
  'var',
];
const ALLOWED_ATTR = [
  'href',
  'src',
  'alt',
  'title',
  'width',
  'height',
  'align',
  'colspan',
  'rowspan',
  'start',
  'type',
  'class',
  'id',
  TRUST_ATTRIBUTE,
  ...RENDERER_ATTRIBUTES,
];

/** Syntax-highlighting classes only colour text; any other class could reach a rule that moves it off-screen. */
function keepHighlightClasses(element: Element): void {
  const kept = [...element.classList].filter((name) => /^hljs-[\w-]+$/.test(name));
  if (kept.length > 0) element.setAttribute('class', kept.join(' '));
  else element.removeAttribute('class');
}

function confineLink(link: Element): void {
  const href = link.getAttribute('href') ?? '';
  if (!ALLOWED_LINK.test(href)) link.removeAttribute('href');
  else if (!href.startsWith('#')) {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
}

function confineImage(image: Element, resolveImage: ImageResolver): void {
  const resolved = resolveImage(image.getAttribute('src') ?? '');
  if (resolved) image.setAttribute('src', resolved);
  else {
    // A remote or missing image would reach out or break: show its text instead.
    image.setAttribute('data-missing', image.getAttribute('src') ?? '');
    image.removeAttribute('src');
  }
}

/** Raw HTML keeps its text but loses every power the renderer's own markup has. */
function neutraliseUntrusted(element: Element): void {
  for (const name of RENDERER_ATTRIBUTES) element.removeAttribute(name);
  keepHighlightClasses(element);
  if (element.tagName !== 'IMG') {
    element.removeAttribute('width');
    element.removeAttribute('height');
  }
  if (element.tagName === 'BUTTON') element.replaceWith(...element.childNodes);
}

/**
 * Sanitises the HTML a step's Markdown became: no script, handler, frame, form or remote media; links
 * only to http(s)/mailto/anchors (opened outside the app); images only from the course bundle; and
 * nothing hidden — every `<details>` is open — so the page shows all the text it holds.
 */
export function sanitizeStepHtml(html: string, trust: string, resolveImage: ImageResolver): string {
  const purify = DOMPurify(window);
  // RETURN_DOM hands back the <body> it sanitised in (typed as a bare Node).
  const body = purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM: true,
  }) as HTMLElement;
  for (const element of [...body.querySelectorAll('*')]) {
    const trusted = element.getAttribute(TRUST_ATTRIBUTE) === trust;
    element.removeAttribute(TRUST_ATTRIBUTE);
    if (element.tagName === 'A') confineLink(element);
    if (element.tagName === 'IMG') confineImage(element, resolveImage);
    if (element.tagName === 'DETAILS') element.setAttribute('open', '');
    if (!trusted) neutraliseUntrusted(element);
  }
  for (const heading of [...body.querySelectorAll('h1, h2, h3, h4, h5')]) demoteHeading(heading);
  return body.innerHTML;
}

/**
 * The course's title is the screen's one heading of level 1, so a step's `# Heading` becomes an
 * h2, its `##` an h3, and so on (h6 stays h6): the outline stays whole for a screen reader.
 */
function demoteHeading(heading: Element): void {
  const level = Number(heading.tagName.slice(1));
  const lower = heading.ownerDocument.createElement(`h${level + 1}`);
  for (const attribute of [...heading.attributes]) lower.setAttribute(attribute.name, attribute.value);
  lower.replaceChildren(...heading.childNodes);
  heading.replaceWith(lower);
}
