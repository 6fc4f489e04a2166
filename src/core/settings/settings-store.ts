// The settings schemas alone: the whole contract (every call's schema) costs the CLI's start-up.
import { OwnedSettingsPatch, Settings, SettingsPatch, type Settings as SettingsType } from '../../shared/contract/settings';

/** The raw key/value file behind settings: conf in Node, electron-store in Electron (same config.json). */
export interface SettingsBackend {
  readAll(): Record<string, unknown>;
  write(key: string, value: unknown): void;
  remove(key: string): void;
}

export class SettingsFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`The settings file ${path} cannot be read (${reason}). Fix or remove it; nothing was changed.`);
    this.name = 'SettingsFileError';
  }
}

export class SettingsValidationError extends Error {
  readonly apiCode = 'invalid_input' as const;
}

/**
 * Typed settings over a backend. A hand-edited config.json with a bad value does not stop the app:
 * that value falls back to its default and the problem is reported once through `onInvalid`.
 */
export class SettingsStore {
  constructor(
    private readonly backend: SettingsBackend,
    private readonly onInvalid: (message: string) => void = () => undefined,
  ) {}

  get(): SettingsType {
    const raw = this.backend.readAll();
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    const repaired: Record<string, unknown> = { ...raw };
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string') {
        this.onInvalid(`Setting "${key}" in config.json is invalid (${issue.message}); using the default.`);
        delete repaired[key];
      }
    }
    return Settings.parse(repaired);
  }

  update(patch: unknown): SettingsType {
    const parsed = SettingsPatch.safeParse(patch);
    if (!parsed.success) {
      throw new SettingsValidationError(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; '),
      );
    }
    return this.write(parsed.data);
  }

  /** Settings the app owns (the clouds added in the app): written by their own services, never by `settings.update`. */
  updateOwned(patch: OwnedSettingsPatch): SettingsType {
    return this.write(OwnedSettingsPatch.parse(patch));
  }

  private write(patch: Record<string, unknown>): SettingsType {
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === undefined) this.backend.remove(key);
      else this.backend.write(key, value);
    }
    return this.get();
  }
}
