import { createInstance, type i18n, type Module } from 'i18next';
import type { Namespace } from './catalogue/en';
import { SOURCE_LOCALE, SUPPORTED_LOCALES, type Locale } from './locales';

export type Translator = i18n;

/** Catalogues by language and namespace, as i18next takes them. */
export type Catalogues = Partial<Record<Locale, Partial<Record<Namespace, object>>>>;

export interface TranslatorSetup {
  readonly locale: Locale;
  /** The namespaces this side shows (the UI leaves out the CLI's). */
  readonly namespaces: readonly Namespace[];
  /** The catalogues there from the start; a backend among `plugins` loads the other languages when first shown. */
  readonly resources: Catalogues;
  readonly plugins?: readonly Module[];
}

/**
 * One translator over the catalogues given, imported by nothing but what it is handed: the UI's
 * first screen carries English only and loads another language when it is chosen.
 * Dates, numbers and money are formatted by i18next's Intl formatters: `{{when, datetime}}`,
 * `{{count, number}}`, `{{amount, currency(currency: EUR)}}`. Plugins (React's binding, a
 * backend) are registered before the catalogues load.
 */
export function createTranslatorFrom(setup: TranslatorSetup): Translator {
  const translator = createInstance();
  for (const plugin of setup.plugins ?? []) translator.use(plugin);
  void translator.init({
    lng: setup.locale,
    fallbackLng: SOURCE_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: [...setup.namespaces],
    defaultNS: 'ui',
    resources: setup.resources,
    partialBundledLanguages: true,
    initAsync: false,
    // React and the terminal escape what they show; the CLI prints plain text.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return translator;
}
