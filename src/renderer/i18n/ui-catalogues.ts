import type { BackendModule } from 'i18next';
import { common } from '../../shared/i18n/catalogue/en/common';
import { messages } from '../../shared/i18n/catalogue/en/messages';
import { ui } from '../../shared/i18n/catalogue/en/ui';
import type { Namespace } from '../../shared/i18n/catalogue/en';
import type { Locale } from '../../shared/i18n/locales';

/** The namespaces the UI shows: the CLI's own (`cli`) stays out of the page. */
export const UI_NAMESPACES = ['common', 'ui', 'messages'] as const satisfies readonly Namespace[];

/** English, the source language and every other one's fallback: part of the first screen. */
export const ENGLISH_UI = { common, ui, messages };

/** Another language's UI catalogue, a chunk of its own loaded when that language is first shown. */
async function loadUiCatalogue(locale: Locale): Promise<Record<string, object>> {
  switch (locale) {
    case 'de':
      return (await import('./german-ui')).GERMAN_UI;
    case 'en':
      return ENGLISH_UI;
  }
}

/** i18next's backend: reads a namespace of a language not bundled into the page. */
export const uiCatalogueLoader: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, namespace, callback) {
    loadUiCatalogue(language as Locale).then(
      (catalogue) => callback(null, catalogue[namespace] ?? {}),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};
