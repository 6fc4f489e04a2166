/**
 * For the German UI tests: which English texts of a catalogue area are still on screen. The list
 * comes from the catalogue itself (every entry whose German differs), so a text added to the
 * English catalogue is checked without editing a test.
 */

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for an English entry as it shows: markup dropped, each `{{value}}` any text. Undefined
 * for an entry that is no words of its own ("{{headline}}.", "{{value}} h").
 */
function shownPattern(english: string): RegExp | undefined {
  const parts = english
    .replace(/<\/?\w+>/g, '')
    .split(/\{\{[^}]+\}\}/)
    .map((part) => part.trim())
    .filter(Boolean);
  const words = parts.join(' ').match(/\p{L}{2,}/gu) ?? [];
  if (words.length === 0 || (words.length === 1 && words[0]!.length < 3)) return undefined;
  const body = parts.map((part) => escape(part).replace(/\s+/g, '\\s+')).join('[\\s\\S]*?');
  // Whole words only: "Suspend" is not found inside "Suspended".
  return new RegExp(`(?<![\\p{L}])${body}(?![\\p{L}])`, 'u');
}

/** Everything a person reads or hears in `root`: its text and the labels, titles and placeholders. */
export function shownTexts(root: Element = document.body): string[] {
  // Text nodes joined with a space: a word at the end of one element is not glued to the next one's.
  const nodes: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node.textContent ?? '');
  const texts = [nodes.join(' ')];
  for (const element of root.querySelectorAll('*')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts;
}

/** The English entries of `english` (keys with their text) still found in `texts`, where German says otherwise. */
export function englishLeft(english: Tree, german: Tree, texts: readonly string[]): string[] {
  const translated = flatten(german);
  const left: string[] = [];
  for (const [key, text] of flatten(english)) {
    if (translated.get(key) === text) continue;
    const pattern = shownPattern(text);
    if (pattern && texts.some((shown) => pattern.test(shown))) left.push(`${key}: ${text}`);
  }
  return left;
}
