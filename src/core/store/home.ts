import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'lab-console';

/**
 * The data folder shared by the desktop app, the CLI and browser mode.
 * Order: --home, LAB_CONSOLE_HOME, then the OS's per-user config folder.
 */
export function resolveHome(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  userHome: string = homedir(),
): string {
  if (explicit) return resolve(explicit);
  if (env.LAB_CONSOLE_HOME) return resolve(env.LAB_CONSOLE_HOME);
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(userHome, 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return join(userHome, 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return join(env.XDG_CONFIG_HOME || join(userHome, '.config'), APP_DIR_NAME);
  }
}

export interface HomeLayout {
  readonly root: string;
  readonly database: string;
  readonly logs: string;
  readonly secrets: string;
  readonly secretsKey: string;
  readonly courses: string;
}

export function homeLayout(root: string): HomeLayout {
  return {
    root,
    database: join(root, 'lab-console.db'),
    logs: join(root, 'logs'),
    secrets: join(root, 'secrets.json'),
    secretsKey: join(root, 'secrets.key'),
    courses: join(root, 'courses'),
  };
}
