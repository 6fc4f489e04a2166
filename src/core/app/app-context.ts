import { mkdirSync } from 'node:fs';
import type { AppInfo, RunMode } from '../../shared/contract';
import type { ApiHandlers } from '../api/dispatch';
import { EventBus } from '../api/event-bus';
import { RotatingFileLog } from '../log/file-logger';
import type { Logger } from '../log/logger';
import { FileKeyCipher } from '../secrets/file-key-cipher';
import type { SecretCipher } from '../secrets/secret-cipher';
import { SealedFileSecretStore } from '../secrets/sealed-file-store';
import { confBackend } from '../settings/conf-backend';
import { SettingsStore, type SettingsBackend } from '../settings/settings-store';
import { courseHandlers } from '../courses/course-handlers';
import { CourseLibrary } from '../courses/course-library';
import { openDatabase, type Db } from '../store/database';
import type { SecretStore } from '../store/secret-store';
import { systemClock, type Clock } from '../time/clock';
import { createTerminalSessions, type TerminalLabAccess } from '../terminal/create-terminal-sessions';
import { terminalHandlers, type TerminalSessions } from '../terminal/terminal-sessions';
import { labServiceTerminalAccess } from '../terminal/lab-service-access';
import type { StreamSessions } from '../stream/stream-endpoint';
import { combineStreamSessions } from '../stream/combined-streams';
import { createDesktopSessions, labServiceDesktopAccess } from '../desktop/create-desktop-sessions';
import { desktopHandlers, type DesktopSessions } from '../desktop/desktop-sessions';
import type { DesktopLabAccess } from '../desktop/desktop-lab-access';
import { createAppLabs } from '../labs/app-labs';
import { cloudHandlers } from '../openstack/clouds-config/cloud-handlers';
import { chooseCredential } from '../openstack/credential-choice';
import { labHandlers } from '../labs/lab-handlers';
import { cohortHandlers } from '../cohort/cohort-handlers';
import { SqliteStackEventCache } from '../cohort/stack-event-cache';
import { appInstructorCohort, instructorSelector } from '../cohort/instructor-cohort';
import { cohortCheckDeps } from '../cohort/cohort-checks';
import { appEnrolment, enrolmentHandlers } from '../enrolment/app-enrolment';
import type { LabService } from '../labs/lab-service';
import { collectDiagnostics } from './diagnostics';
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
  /** Where terminals find a course's running lab (the lab records by default). */
  readonly terminalLabs?: TerminalLabAccess;
  /** Where remote desktops find a course's running lab (the lab records by default). */
  readonly desktopLabs?: DesktopLabAccess;
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
  readonly terminals: TerminalSessions;
  readonly desktops: DesktopSessions;
  /** Every live session's stream (terminals, desktops), for the transports. */
  readonly streams: StreamSessions;
  /** Built on first use: the CLI's course commands never open a cloud. */
  labs(): LabService;
  /**
   * Quit (or OS sleep with `suspendLabs`): asks every running lab to suspend, lets the jobs run for
   * `graceMs`, hands back the rest for the next start. Call before close().
   */
  stopLabs(options?: { suspendLabs?: boolean; graceMs?: number }): Promise<void>;
  info(): AppInfo;
  handlers(): ApiHandlers;
  close(): void;
}

export function createAppContext(options: AppContextOptions): AppContext {
  const home = homeLayout(options.home);
  mkdirSync(home.root, { recursive: true, mode: 0o700 });
  const log = new RotatingFileLog({ dir: home.logs, name: options.logName, echo: options.echoLog });
  const logger = log.logger();
  const events = new EventBus();
  const settings = new SettingsStore(options.settingsBackend ?? confBackend(home.root), (message) =>
    logger.warn(message),
  );
  const fileCipher = new FileKeyCipher(home.secretsKey);
  const [primary = fileCipher, ...others] = options.extraCiphers ?? [];
  const secrets = new SealedFileSecretStore(home.secrets, [primary, ...others, fileCipher]);
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
  const terminals = createTerminalSessions({
    db,
    clock,
    logger,
    events,
    labs: options.terminalLabs ?? labServiceTerminalAccess(labs),
    readOnly,
  });
  const desktops = createDesktopSessions({
    db,
    clock,
    logger,
    events,
    labs: options.desktopLabs ?? labServiceDesktopAccess(labs),
    onActivity: (courseId) => labService?.policies.activity(courseId),
    readOnly,
  });
  const streams = combineStreamSessions(terminals, desktops);
  if (options.mode !== 'cli' && labs().store.list().length > 0) {
    // Start-up reconcile (the cloud is the source of truth), then the worker and the idle policies.
    void labs()
      .reconcile()
      .catch((error: unknown) => logger.warn('could not reconcile labs with the cloud', { error: String(error) }));
    labs().start();
  }
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

  const handlers = (): ApiHandlers => ({
    'app.info': async () => info(),
    'diagnostics.collect': async () => ({
      text: collectDiagnostics({
        info: info(),
        settings: settings.get(),
        logDir: home.logs,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
      }),
    }),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const next = settings.update(patch);
      events.emit('settings.changed', next);
      return next;
    },
    'log.report': async (entry) => {
      logger.child('renderer')[entry.level](entry.message, entry.context ? { context: entry.context } : undefined);
      return { ok: true as const };
    },
    'activity.ping': async () => {
      // Pushes the idle-suspend deadline of the running lab (the dead-man's switch).
      if (labService) labService.policies.activity();
      return { ok: true as const };
    },
    ...courseHandlers(courses),
    ...terminalHandlers(terminals),
    ...desktopHandlers(desktops),
    ...labHandlers(labs),
    ...cloudHandlers({
      settings,
      secrets,
      clock,
      logger,
      onChange: (next) => events.emit('settings.changed', next),
      exchangePassword: (cloud) => chooseCredential(cloud, { clock, logger }),
    }),
    ...enrolmentHandlers(() => appEnrolment({ settings, secrets, courses, clock, logger })),
    ...cohortHandlers(
      appInstructorCohort({ settings, secrets, clock, logger, checks: cohortCheckDeps({ courses, db, clock, logger }), eventCache: new SqliteStackEventCache(db, () => clock.now()) }),
      events,
      (cohortName) => instructorSelector(settings.get().instructor, cohortName),
      terminals,
    ),
  });

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
    terminals,
    desktops,
    streams,
    labs,
    stopLabs: async (stopOptions) => {
      await labService?.stop(stopOptions);
    },
    info,
    handlers,
    close: () => {
      terminals.closeAll();
      desktops.closeAll();
      db.close();
    },
  };
}
