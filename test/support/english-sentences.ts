import { de } from '../../src/shared/i18n/catalogue/de';
import { en } from '../../src/shared/i18n/catalogue/en';

type Tree = { readonly [key: string]: string | Tree };

/** Every text of a catalogue by its dotted key. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') texts.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) texts.set(k, v);
  }
  return texts;
}

/**
 * The English sentences a German screen must not show: each text of the English catalogue cut at
 * its placeholders and markup, the pieces of at least two words, unless German says the same.
 */
export function englishSentences(): string[] {
  const english = flatten(en as unknown as Tree);
  const german = flatten(de as unknown as Tree);
  const sentences = new Set<string>();
  for (const [key, text] of english) {
    if (german.get(key) === text) continue;
    for (const piece of text.split(/\{\{[^}]*\}\}|<[^>]*>/)) {
      const trimmed = piece.trim().replace(/^[—:,.;()\s]+|[—:,(\s]+$/g, '');
      if (trimmed.split(/\s+/).length >= 2 && !german.get(key)?.includes(trimmed)) sentences.add(trimmed);
    }
  }
  return [...sentences];
}
