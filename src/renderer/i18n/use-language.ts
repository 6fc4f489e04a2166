import { useEffect } from 'react';
import { resolveLocale, type LanguageSetting } from '../../shared/i18n/locales';
import { translator } from './translator';

/** Follows the language chosen in Settings ("system": the browser's, which is the OS's). */
export function useLanguage(setting: LanguageSetting | undefined): void {
  useEffect(() => {
    const locale = resolveLocale(setting, navigator.languages);
    document.documentElement.lang = locale;
    if (translator.language !== locale) void translator.changeLanguage(locale);
  }, [setting]);
}
