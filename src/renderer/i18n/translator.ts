import { initReactI18next } from 'react-i18next';
import { createTranslator, matchLocale } from '../../shared/i18n';

// Read through globalThis: the UI tests load this module in Node too.
const preferred = (globalThis as { navigator?: { languages?: readonly string[] } }).navigator?.languages ?? [];

/** The renderer's one translator, first in the browser's (the OS's) language; the setting may change it. */
export const translator = createTranslator(matchLocale(preferred), [initReactI18next]);
