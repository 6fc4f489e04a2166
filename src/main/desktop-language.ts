import { app } from 'electron';
import { createTranslator, resolveLocale, type LanguageSetting, type Locale, type Translator } from '../shared/i18n';

const translators = new Map<Locale, Translator>();

/**
 * The desktop shell's translator (menu, tray, notifications): the language set in Settings, else
 * the operating system's. One translator per language, made the first time it is needed.
 */
export function desktopTranslator(setting: LanguageSetting | undefined): Translator {
  const locale = resolveLocale(setting, [...app.getPreferredSystemLanguages(), app.getLocale()]);
  let translator = translators.get(locale);
  if (!translator) translators.set(locale, (translator = createTranslator(locale)));
  return translator;
}
