/** The languages Lab Console ships. English is the source language and the fallback. */
export const SUPPORTED_LOCALES = ['en', 'de'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const SOURCE_LOCALE: Locale = 'en';

/** The user's choice in Settings: a shipped language, or whatever the operating system prefers. */
export type LanguageSetting = Locale | 'system';

function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The first shipped language among the user's preferred ones (BCP 47 tags such as "de-AT",
 * "en_US.UTF-8" from a POSIX LANG, or "C"), else English.
 */
export function matchLocale(preferred: readonly (string | undefined)[]): Locale {
  for (const tag of preferred) {
    if (!tag) continue;
    const language = tag.split(/[-_.@]/)[0]?.toLowerCase() ?? '';
    if (isLocale(language)) return language;
  }
  return SOURCE_LOCALE;
}

/** The language to show: the setting when it names one, else the system's preference. */
export function resolveLocale(setting: LanguageSetting | undefined, systemPreferred: readonly (string | undefined)[]): Locale {
  return setting && setting !== 'system' ? setting : matchLocale(systemPreferred);
}
