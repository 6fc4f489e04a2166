import type { ApiHandlers } from '../api/dispatch';
import { storedCohortLocal } from '../cohort/cohort-local';
import { cohortHandlers } from '../cohort/cohort-handlers';
import { assistHandlers } from '../cohort/assist-handlers';
import { AssistLog } from '../cohort/assist-log';
import { appInstructorCohort, instructorSelector } from '../cohort/instructor-cohort';
import { courseHandlers } from '../courses/course-handlers';
import { appEnrolment, enrolmentHandlers } from '../enrolment/app-enrolment';
import { labHandlers } from '../labs/lab-handlers';
import type { LabService } from '../labs/lab-service';
import { cloudHandlers } from '../openstack/clouds-config/cloud-handlers';
import { cloudTrial } from '../openstack/clouds-config/cloud-trial';
import { chooseCredential } from '../openstack/credential-choice';
import { learnStoredSecrets } from '../secrets/secret-store-tap';
import { sessionHandlers } from '../stream/session-handlers';
import { WorkspaceTabStore } from '../stream/workspace-tab-store';
import type { AppContext } from './app-context';
import { collectDiagnostics } from './diagnostics';

/** The app's services the handlers answer with (built by app-context). */
export type AppHandlerDeps = Pick<
  AppContext,
  'home' | 'db' | 'settings' | 'secrets' | 'logger' | 'events' | 'clock' | 'courses' | 'sessions' | 'assistNotices' | 'labs' | 'info'
> & {
  /** The lab service if something built it already: an activity ping alone opens no cloud. */
  readonly labsIfBuilt: () => LabService | undefined;
};

/** The app's handler table and what it holds open. */
export interface AppHandlers {
  readonly table: ApiHandlers;
  /** Lets go of the instructor's cloud connections. */
  close(): Promise<void>;
}

/**
 * Every call of the contract, answered by the app's services. Built once per app: every window and
 * every browser tab (each WebSocket, each reconnect) shares it, and with it the instructor's cohort
 * service, its connections to the cloud and its cache of stack events.
 */
export function createAppHandlers(deps: AppHandlerDeps): AppHandlers {
  const { home, db, settings, secrets, logger, events, clock, courses, sessions } = deps;
  const instructor = appInstructorCohort({
    settings,
    secrets,
    clock,
    logger,
    local: storedCohortLocal({ courses, db, clock, logger }),
  });
  const table: ApiHandlers = {
    'app.info': async () => deps.info(),
    'diagnostics.collect': async () => {
      await learnStoredSecrets(secrets).catch((error: unknown) =>
        logger.warn('could not read every stored secret for diagnostics', { error }),
      );
      const text = collectDiagnostics({
        info: deps.info(),
        settings: settings.get(),
        logDir: home.logs,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
      });
      return { text };
    },
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
    'activity.ping': async ({ courseId }) => {
      // Pushes the idle-suspend deadline (the dead-man's switch) of the lab it happened in, not of every
      // running lab: typing in one course must not keep another course's lab billed with nobody there.
      deps.labsIfBuilt()?.policies.activity(courseId);
      return { ok: true as const };
    },
    ...courseHandlers(courses),
    ...sessionHandlers(sessions, new WorkspaceTabStore(db, clock, logger)),
    ...labHandlers(deps.labs, (run) => deps.events.emit('lab.checked', run)),
    ...cloudHandlers({
      settings,
      secrets,
      clock,
      logger,
      onChange: (next) => events.emit('settings.changed', next),
      exchangePassword: (cloud) => chooseCredential(cloud, { clock, logger }),
      tryCloud: cloudTrial({ clock, logger }),
    }),
    ...enrolmentHandlers(() => appEnrolment({ settings, secrets, courses, clock, logger })),
    ...cohortHandlers(
      () => instructor.service(),
      events,
      (cohortName) => instructorSelector(settings.get().instructor, cohortName),
      sessions,
    ),
    ...assistHandlers(() => instructor.service(), {
      sessions,
      notices: deps.assistNotices,
      log: new AssistLog(db, clock),
      clock,
      logger: logger.child('assist'),
    }),
  };
  return { table, close: () => instructor.close() };
}
