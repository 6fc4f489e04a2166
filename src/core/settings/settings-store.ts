// The settings schemas alone: the whole contract (every call's schema) costs the CLI's start-up.
import {
  AnySettingsPatch,
  OwnedSettingsPatch,
  Settings,
  SettingsPatch,
  type Settings as SettingsType,
} from '../../shared/contract/settings';
import { dataFolderLock, type DataFolderLock } from '../store/data-folder-lock';

/**
 * The raw file behind settings: conf in Node, electron-store in Electron, or config.json read
 * directly (the CLI) — the same file in the same layout.
 */
export interface SettingsBackend {
  /** The data folder holding config.json (and the lock every writer of it takes). */
  readonly folder: string;
  /** The file as it is on disk now (never a copy cached in this process). */
  readAll(): Record<string, unknown>;
  /** Replaces the file whole, atomically. Called only under the data folder's lock. */
  replaceAll(next: Record<string, unknown>): void;
}

export type { AnySettingsPatch };

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
 *
 * The app, browser mode and the CLI write the same config.json: every write re-reads the file under
 * the data folder's lock, applies its change to what is there now and replaces the file, so a
 * change made meanwhile by another process is kept, never overwritten by a stale copy.
 */
export class SettingsStore {
  constructor(
    private readonly backend: SettingsBackend,
    private readonly onInvalid: (message: string) => void = () => undefined,
    private readonly lock: DataFolderLock = dataFolderLock(backend.folder),
  ) {}

  get(): SettingsType {
    return this.parse(this.backend.readAll());
  }

  private parse(raw: Record<string, unknown>): SettingsType {
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
      throw new SettingsValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; '));
    }
    return this.write(parsed.data);
  }

  /** Settings the app owns (the clouds added in the app): written by their own services, never by `settings.update`. */
  updateOwned(patch: OwnedSettingsPatch): SettingsType {
    return this.write(OwnedSettingsPatch.parse(patch));
  }

  /**
   * A change that depends on the settings as they are (add to a list, check a cloud still exists):
   * `decide` runs under the lock with the settings on disk now and returns the patch to apply (null
   * removes a key; an empty patch writes nothing). It may throw to refuse: nothing is written.
   */
  change(decide: (current: SettingsType) => AnySettingsPatch): SettingsType {
    return this.lock.hold(() => {
      const raw = this.backend.readAll();
      return this.apply(raw, AnySettingsPatch.parse(decide(this.parse(raw))));
    });
  }

  private write(patch: Record<string, unknown>): SettingsType {
    return this.lock.hold(() => this.apply(this.backend.readAll(), patch));
  }

  private apply(raw: Record<string, unknown>, patch: Record<string, unknown>): SettingsType {
    const keys = Object.keys(patch);
    if (keys.length === 0) return this.parse(raw);
    // Only the patched keys change: the rest of the file (even a value this version rejects) stays.
    const next = { ...raw };
    for (const key of keys) {
      const value = patch[key];
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
    }
    this.backend.replaceAll(next);
    return this.parse(next);
  }
}
