import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageSetting } from '../../shared/i18n';
import type { AppInfo, Theme } from '../../shared/contract';
import { useApi } from '../api/api-context';
import type { SettingsState } from '../hooks/use-settings';
import { DiagnosticsCard } from './DiagnosticsCard';
import { CloudsCard } from '../settings/CloudsCard';
import { InstructorCard } from '../settings/InstructorCard';
import { LabLimitsCard } from '../settings/LabLimitsCard';
import { NotificationsCard } from '../settings/NotificationsCard';
import { useClouds } from '../settings/use-clouds';

const THEMES = [
  { value: 'system', label: 'settings.appearance.theme.system' },
  { value: 'light', label: 'settings.appearance.theme.light' },
  { value: 'dark', label: 'settings.appearance.theme.dark' },
] as const satisfies readonly { value: Theme; label: `settings.appearance.theme.${string}` }[];

// Each language is named in itself, so it can be found whatever the language shown now.
const LANGUAGES = [
  { value: 'system', label: 'settings.appearance.language.system' },
  { value: 'en', label: 'settings.appearance.language.en' },
  { value: 'de', label: 'settings.appearance.language.de' },
] as const satisfies readonly { value: LanguageSetting; label: `settings.appearance.language.${string}` }[];

export function SettingsScreen({ settings }: { settings: SettingsState }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const [info, setInfo] = useState<AppInfo>();
  const clouds = useClouds();
  useEffect(() => {
    void api.call('app.info', {}).then(setInfo, () => undefined);
  }, [api]);

  return (
    <>
      <header className="screen-header">
        <h1>{t('settings.title')}</h1>
      </header>
      {settings.error && (
        <div className="banner banner-error" role="alert">
          {settings.error}
        </div>
      )}
      <div className="cards">
        <section className="card" aria-labelledby="appearance-title">
          <h2 id="appearance-title">{t('settings.appearance.title')}</h2>
          <fieldset>
            <legend>{t('settings.appearance.theme.legend')}</legend>
            {THEMES.map((theme) => (
              <label key={theme.value} className="radio">
                <input
                  type="radio"
                  name="theme"
                  value={theme.value}
                  disabled={!settings.settings}
                  checked={(settings.settings?.theme ?? 'system') === theme.value}
                  onChange={() => void settings.update({ theme: theme.value })}
                />
                {t(theme.label)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('settings.appearance.language.legend')}</legend>
            {LANGUAGES.map((language) => (
              <label key={language.value} className="radio">
                <input
                  type="radio"
                  name="language"
                  value={language.value}
                  disabled={!settings.settings}
                  checked={(settings.settings?.language ?? 'system') === language.value}
                  onChange={() => void settings.update({ language: language.value })}
                />
                {t(language.label)}
              </label>
            ))}
          </fieldset>
        </section>
        <CloudsCard clouds={clouds} />
        <LabLimitsCard clouds={clouds} settings={settings} />
        <InstructorCard clouds={clouds} settings={settings} />
        <NotificationsCard settings={settings} />
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">{t('settings.about.title')}</h2>
          {info ? (
            <dl className="facts">
              <dt>{t('settings.about.version')}</dt>
              <dd>
                {info.name} {info.version} ({info.mode === 'electron' ? t('settings.about.desktopApp') : t('settings.about.browserMode')})
              </dd>
              <dt>{t('settings.about.dataFolder')}</dt>
              <dd>
                <code>{info.home}</code>
              </dd>
              <dt>{t('settings.about.secrets')}</dt>
              <dd>{info.secretStore}</dd>
            </dl>
          ) : (
            <p>{t('app.loading')}</p>
          )}
        </section>
        <DiagnosticsCard />
      </div>
    </>
  );
}
