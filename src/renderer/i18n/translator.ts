import { initReactI18next } from 'react-i18next';
import { matchLocale, SOURCE_LOCALE } from '../../shared/i18n/locales';
import { createTranslatorFrom } from '../../shared/i18n/translator-setup';
import { ENGLISH_UI, UI_NAMESPACES, uiCatalogueLoader } from './ui-catalogues';

// Read through globalThis: the UI tests load this module in Node too.
const preferred = (globalThis as { navigator?: { languages?: readonly string[] } }).navigator?.languages ?? [];

/** The renderer's one translator: English bundled, another language loaded when shown. */
export const translator = createTranslatorFrom({
  locale: SOURCE_LOCALE,
  namespaces: UI_NAMESPACES,
  resources: { en: ENGLISH_UI },
  plugins: [initReactI18next, uiCatalogueLoader],
});

/** Settles once the browser's (the OS's) language is shown, its catalogue loaded; the setting may change it later. */
export const translatorReady: Promise<unknown> = translator.changeLanguage(matchLocale(preferred));
