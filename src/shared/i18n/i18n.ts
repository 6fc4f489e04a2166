import type { Module } from 'i18next';
import { de } from './catalogue/de';
import { en, NAMESPACES } from './catalogue/en';
import type { Locale } from './locales';
import { createTranslatorFrom, type Translator } from './translator-setup';

export type { Translator } from './translator-setup';

const RESOURCES = { en, de } as const;

/** One translator for a locale with every shipped catalogue, ready when returned (nothing loads). */
export function createTranslator(locale: Locale, plugins: readonly Module[] = []): Translator {
  return createTranslatorFrom({ locale, namespaces: NAMESPACES, resources: RESOURCES, plugins });
}
