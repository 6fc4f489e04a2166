import { mkdirSync } from 'node:fs';
import { homeLayout } from '../store/home';
import { RotatingFileLog } from '../log/file-logger';
import { maskedInLogs } from '../secrets/secret-store-tap';
import { FileKeyCipher } from '../secrets/file-key-cipher';
import { SealedFileSecretStore } from '../secrets/sealed-file-store';
import { jsonSettingsBackend } from '../settings/json-settings-backend';
import { SettingsStore } from '../settings/settings-store';
import type { CliRunContext, CliServices } from './cli-run-context';

/**
 * Settings, secrets and the log of the data folder without opening the store: the same files and
 * cipher createAppContext uses for the CLI, config.json read without conf. The cloud commands need
 * no more, and so skip the SQLite store, its migrations and the session services. With the app
 * loaded, the app's own. `opened`: the same folder's, opened before the command was parsed (a
 * head start: src/core/cli/commands/cloud-check-head-start.ts).
 */
export function cliServices(ctx: CliRunContext, opened?: CliServices): CliServices {
  return ctx.cliServices(() => opened ?? dataFolderServices(ctx.homeDir, ctx.echoLog));
}

/** Settings, secrets and the log of the data folder at `homeDir`. */
export function dataFolderServices(homeDir: string, echoLog: ((line: string) => void) | undefined): CliServices {
  const home = homeLayout(homeDir);
  mkdirSync(home.root, { recursive: true, mode: 0o700 });
  const logger = new RotatingFileLog({ dir: home.logs, name: 'cli', echo: echoLog }).logger();
  return {
    logger,
    settings: new SettingsStore(jsonSettingsBackend(home.root), (message) => logger.warn(message)),
    secrets: maskedInLogs(new SealedFileSecretStore(home.secrets, [new FileKeyCipher(home.secretsKey)])),
  };
}
