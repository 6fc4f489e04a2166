import { useCallback, useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../shared/contract';
import { useApi } from '../api/api-context';

export interface SettingsState {
  readonly settings: Settings | undefined;
  readonly error: string | undefined;
  update(patch: SettingsPatch): Promise<void>;
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
      try {
        setSettings(await api.call('settings.update', patch));
        setError(undefined);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [api],
  );

  return { settings, error, update };
}
