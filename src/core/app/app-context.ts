import { mkdirSync } from 'node:fs';
import type { AppInfo, RunMode } from '../../shared/contract';
import type { ApiHandlers } from '../api/dispatch';
import { EventBus } from '../api/event-bus';
import { RotatingFileLog } from '../log/file-logger';
import type { Logger } from '../log/logger';
import { maskedInLogs } from '../secrets/secret-store-tap';
import { FileKeyCipher } from '../secrets/file-key-cipher';
import type { SecretCipher } from '../secrets/secret-cipher';
import { SealedFileSecretStore } from '../secrets/sealed-file-store';
import { jsonSettingsBackend } from '../settings/json-settings-backend';
import { SettingsStore, type SettingsBackend } from '../settings/settings-store';
import { CourseLibrary } from '../courses/course-library';
import { dataFolderLock } from '../store/data-folder-lock';
import { openDatabase, type Db } from '../store/database';
import type { SecretStore } from '../store/secret-store';
import { systemClock, type Clock } from '../time/clock';
import { createLiveSessions } from '../stream/create-live-sessions';
import type { LabAccess } from '../stream/lab-access';
import { labServiceAccess } from '../labs/lab-session-access';
import type { LiveSessions } from '../stream/live-sessions';
import { AssistNotices } from '../stream/assist-notices';
import { createAppLabs } from '../labs/app-labs';
import type { LabService } from '../labs/lab-service';
import { createAppHandlers, type AppHandlers } from './app-handlers';
import { homeLayout, type HomeLayout } from '../store/home';
import { APP_NAME, APP_VERSION } from '../../shared/version';

export interface AppContextOptions {
  readonly home: string;
  readonly mode: RunMode | 'cli';
  /** Which log file this process writes ("main", "server", "cli"). */
  readonly logName: string;
  /** Electron passes electron-store; elsewhere conf writes the same config.json. */
  readonly settingsBackend?: SettingsBackend;
  /** Electron puts safeStorage first; the file-key cipher is always there to read older entries. */
  readonly extraCiphers?: readonly SecretCipher[];
  readonly nativeBinding?: string;
  readonly versions?: Record<string, string>;
  readonly clock?: Clock;
  readonly echoLog?: (line: string) => void;
  /** The log this process already writes (a CLI run that opened it before the app): used in place of a second writer of the same file. */
  readonly logger?: Logger;
  /** Where live sessions (terminals, desktops) find a course's running lab (the lab records by default). */
  readonly sessionLabs?: LabAccess;
  /**
   * How often the learner's terminals look for an instructor's assist marker (default 30 s;
   * LAB_CONSOLE_ASSIST_CHECK_MS sets it where the app is started without options, as tests do).
   */
  readonly assistCheckMs?: number;
}

/** Every service of the app, built once per process (app, CLI, browser mode). */
export interface AppContext {
  readonly home: HomeLayout;
  readonly mode: RunMode | 'cli';
  readonly db: Db;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly courses: CourseLibrary;
  /** Every live session (terminals, desktops): the calls act on them, the transports attach their streams. */
  readonly sessions: LiveSessions;
  /** What the learner's terminals see of an instructor's assist, per course. */
  readonly assistNotices: AssistNotices;
  /** Built on first use: the CLI's course commands never open a cloud. */
  labs(): LabService;
  /**
   * Quit (or OS sleep with `suspendLabs`): asks every running lab to suspend, lets the jobs run for
   * `graceMs`, hands back the rest for the next start. Call before close().
   */
  stopLabs(options?: { suspendLabs?: boolean; graceMs?: number }): Promise<void>;
  info(): AppInfo;
  /** The handler table of every call, built on first use and shared by every window and browser tab. */
  handlers(): ApiHandlers;
  /**
   * Lets go of the sessions, connections and store. `storeLeftToExit` when the process ends right
   * after (the CLI's own run): the store is not closed, so SQLite does not checkpoint its WAL first;
   * every committed transaction is in the WAL, which the next open reads (and checkpoints in time).
   */
  close(options?: { storeLeftToExit?: boolean }): void;
}

const positiveNumber = (text: string | undefined): number | undefined => {
  const value = Number(text);
  return text && Number.isFinite(value) && value > 0 ? value : undefined;
};

export function createAppContext(options: AppContextOptions): AppContext {
  const home = homeLayout(options.home);
  mkdirSync(home.root, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? new RotatingFileLog({ dir: home.logs, name: options.logName, echo: options.echoLog }).logger();
  const events = new EventBus();
  // config.json and secrets.json are written by the app, browser mode and the CLI: one lock for both.
  const folderLock = dataFolderLock(home.root, { nativeBinding: options.nativeBinding });
  // Outside Electron, config.json directly, in the layout electron-store and conf write: loading conf
  // (ajv, its schema compiler, semver) cost browser mode and each CLI command ~0.2 s of CPU at start.
  const settings = new SettingsStore(
    options.settingsBackend ?? jsonSettingsBackend(home.root),
    (message) => logger.warn(message),
    folderLock,
  );
  const fileCipher = new FileKeyCipher(home.secretsKey);
  const [primary = fileCipher, ...others] = options.extraCiphers ?? [];
  const secrets = maskedInLogs(new SealedFileSecretStore(home.secrets, [primary, ...others, fileCipher], folderLock));
  const db = openDatabase({ path: home.database, nativeBinding: options.nativeBinding });
  const clock = options.clock ?? systemClock;
  const courses = new CourseLibrary({ db, home: home.root, clock, logger: logger.child('courses') });
  let labService: LabService | undefined;
  const labs = (): LabService => (labService ??= createAppLabs({ db, secrets, settings, courses, clock, logger, events }));
  const readOnly = (courseId: string, connection: string): boolean => {
    try {
      return courses.manifest(courseId).lab?.connections.find((c) => c.name === connection)?.read_only === true;
    } catch {
      return false;
    }
  };
  const assistNotices = new AssistNotices({
    emit: (notice) => events.emit('assist.changed', notice),
    logger: logger.child('assist'),
    intervalMs: options.assistCheckMs ?? positiveNumber(process.env.LAB_CONSOLE_ASSIST_CHECK_MS),
  });
  const sessions = createLiveSessions({
    assistNotices,
    db,
    clock,
    logger,
    events,
    labs: options.sessionLabs ?? labServiceAccess(labs),
    onActivity: (courseId) => labService?.policies.activity(courseId),
    readOnly,
    services: (courseId, name) => labs().connections.resolveService(courseId, name),
  });
  // The desktop app and browser mode watch every lab of the data folder, from start-up or from the
  // moment the first one appears; the CLI's one-shot commands do not.
  if (options.mode !== 'cli') labs().watchLabs();
  if (options.mode !== 'cli') {
    // Leftovers of an import that was killed half-way; the CLI leaves them to the long-running app.
    void courses.cleanStaleStaging().catch((error: unknown) => logger.warn('could not clean old import folders', { error: String(error) }));
  }

  const info = (): AppInfo => ({
    name: APP_NAME,
    version: APP_VERSION,
    mode: options.mode === 'electron' ? 'electron' : 'browser',
    platform: `${process.platform} ${process.arch}`,
    home: home.root,
    versions: { node: process.versions.node, ...(options.versions ?? {}) },
    secretStore: secrets.kind,
  });

  // One table for the app: every window and browser tab shares it (and what it holds open).
  let appHandlers: AppHandlers | undefined;
  const handlers = (): ApiHandlers =>
    (appHandlers ??= createAppHandlers({
      home,
      db,
      settings,
      secrets,
      logger,
      events,
      clock,
      courses,
      sessions,
      assistNotices,
      labs,
      labsIfBuilt: () => labService,
      info,
    })).table;

  return {
    home,
    mode: options.mode,
    db,
    settings,
    secrets,
    logger,
    events,
    clock,
    courses,
    sessions,
    assistNotices,
    labs,
    stopLabs: async (stopOptions) => {
      await labService?.stop(stopOptions);
    },
    info,
    handlers,
    close: (closeOptions) => {
      sessions.closeAll();
      void appHandlers
        ?.close()
        .catch((error: unknown) => logger.warn("could not close the instructor's cloud connections", { error: String(error) }));
      if (!closeOptions?.storeLeftToExit) db.close();
    },
  };
}
