import { LanguageSetting as LanguageSettingSchema } from '../../shared/contract/settings';
import { resolveLocale, type LanguageSetting, type Locale } from '../../shared/i18n/locales';
import { jsonSettingsBackend } from '../settings/json-settings-backend';

/**
 * The POSIX locale for messages: LC_ALL wins, then LC_MESSAGES, then LANG; the first one set is the
 * answer, so LC_ALL=C means English even with LANG=de_DE.UTF-8.
 */
export function posixMessagesLocale(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value) return value;
  }
  return undefined;
}

/** Settings › Language of the data folder; undefined when it is unset, invalid or config.json cannot be read. */
function languageSetting(home: string): LanguageSetting | undefined {
  try {
    const parsed = LanguageSettingSchema.safeParse(jsonSettingsBackend(home).readAll().language);
    return parsed.success ? parsed.data : undefined;
  } catch {
    // A broken config.json is reported by the command that reads the settings; the language falls back to the system's.
    return undefined;
  }
}

/** The language of a CLI run: the setting when it names one, else the POSIX locale ("C", "POSIX" and unset: English). */
export function cliLocale(home: string, env: NodeJS.ProcessEnv): Locale {
  return resolveLocale(languageSetting(home), [posixMessagesLocale(env)]);
}
