import { createInstance, type i18n, type Module } from 'i18next';
import { de } from './catalogue/de';
import { en, NAMESPACES } from './catalogue/en';
import { SOURCE_LOCALE, SUPPORTED_LOCALES, type Locale } from './locales';

export type Translator = i18n;

const RESOURCES = { en, de } as const;

/**
 * One translator for a locale, ready when returned (the catalogues are bundled, nothing loads).
 * Dates, numbers and money are formatted by i18next's Intl formatters: `{{when, datetime}}`,
 * `{{count, number}}`, `{{amount, currency(currency: EUR)}}`. Plugins (React's binding) are
 * registered before the catalogues load.
 */
export function createTranslator(locale: Locale, plugins: readonly Module[] = []): Translator {
  const translator = createInstance();
  for (const plugin of plugins) translator.use(plugin);
  void translator.init({
    lng: locale,
    fallbackLng: SOURCE_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: NAMESPACES,
    defaultNS: 'ui',
    resources: RESOURCES,
    initAsync: false,
    // React and the terminal escape what they show; the CLI prints plain text.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return translator;
}
