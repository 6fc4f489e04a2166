import { useEffect, useState, type ReactNode } from 'react';
import type { AppInfo, Theme } from '../../shared/contract';
import { useApi } from '../api/api-context';
import type { SettingsState } from '../hooks/use-settings';
import { DiagnosticsCard } from './DiagnosticsCard';
import { CloudsCard } from '../settings/CloudsCard';
import { InstructorCard } from '../settings/InstructorCard';
import { LabLimitsCard } from '../settings/LabLimitsCard';
import { NotificationsCard } from '../settings/NotificationsCard';
import { useClouds } from '../settings/use-clouds';

const THEMES: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsScreen({ settings }: { settings: SettingsState }): ReactNode {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo>();
  const clouds = useClouds();
  useEffect(() => {
    void api.call('app.info', {}).then(setInfo, () => undefined);
  }, [api]);

  return (
    <>
      <header className="screen-header">
        <h1>Settings</h1>
      </header>
      {settings.error && (
        <div className="banner banner-error" role="alert">
          {settings.error}
        </div>
      )}
      <div className="cards">
        <section className="card" aria-labelledby="appearance-title">
          <h2 id="appearance-title">Appearance</h2>
          <fieldset>
            <legend>Theme</legend>
            {THEMES.map((t) => (
              <label key={t.value} className="radio">
                <input
                  type="radio"
                  name="theme"
                  value={t.value}
                  disabled={!settings.settings}
                  checked={(settings.settings?.theme ?? 'system') === t.value}
                  onChange={() => void settings.update({ theme: t.value })}
                />
                {t.label}
              </label>
            ))}
          </fieldset>
        </section>
        <CloudsCard clouds={clouds} />
        <LabLimitsCard clouds={clouds} settings={settings} />
        <InstructorCard clouds={clouds} settings={settings} />
        <NotificationsCard settings={settings} />
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          {info ? (
            <dl className="facts">
              <dt>Version</dt>
              <dd>
                {info.name} {info.version} ({info.mode === 'electron' ? 'desktop app' : 'browser mode'})
              </dd>
              <dt>Data folder</dt>
              <dd>
                <code>{info.home}</code>
              </dd>
              <dt>Secrets</dt>
              <dd>{info.secretStore}</dd>
            </dl>
          ) : (
            <p>Loading…</p>
          )}
        </section>
        <DiagnosticsCard />
      </div>
    </>
  );
}
