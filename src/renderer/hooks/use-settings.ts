import { useCallback, useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../shared/contract';
import { useApi } from '../api/api-context';

export interface SettingsState {
  readonly settings: Settings | undefined;
  readonly error: string | undefined;
  /** False when the app refused the change (`error` says why; the saved settings are shown again). */
  update(patch: SettingsPatch): Promise<boolean>;
}

export function useSettings(): SettingsState {
  const api = useApi();
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    api.call('settings.get', {}).then(
      (value) => live && setSettings(value),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    const off = api.on('settings.changed', setSettings);
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const update = useCallback(
    async (patch: SettingsPatch) => {
      // Show the choice at once; the app's answer (or the error) follows.
      setSettings((current) => {
        if (!current) return current;
        const next: Record<string, unknown> = { ...current, ...patch };
        for (const [key, value] of Object.entries(patch)) if (value === null) delete next[key];
        return next as Settings;
      });
      try {
        setSettings(await api.call('settings.update', patch));
        setError(undefined);
        return true;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        setSettings(await api.call('settings.get', {}).catch(() => undefined));
        return false;
      }
    },
    [api],
  );

  return { settings, error, update };
}
