import type { EventBus } from '../api/event-bus';
import { HostKeyPins } from '../connect/ssh';
import type { LabService } from '../labs/lab-service';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { ReadOnlyConnection } from '../stream/read-only-input';
import type { Clock } from '../time/clock';
import { labRecordProbe } from '../terminal/lab-record-probe';
import type { DesktopLabAccess } from './desktop-lab-access';
import { DesktopSessions, type DesktopSessionsOptions } from './desktop-sessions';

/** Desktops find their lab through the lab service (lazily, so the context can build them first). */
export function labServiceDesktopAccess(labs: () => LabService): DesktopLabAccess {
  const probe = labRecordProbe((courseId) => labs().store.latestForCourse(courseId));
  return {
    resolve: (courseId, connection) => labs().connections.resolve(courseId, connection),
    state: (courseId) => probe.state(courseId),
  };
}

export function createDesktopSessions(options: {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventBus;
  readonly labs: DesktopLabAccess;
  /** Input on a desktop pushes the lab's idle-suspend deadline. */
  readonly onActivity?: (courseId: string) => void;
  readonly readOnly?: ReadOnlyConnection;
  readonly tuning?: Partial<Pick<DesktopSessionsOptions, 'schedule' | 'suspendedPollMs' | 'orphanMs' | 'resizeDebounceMs' | 'frames' | 'bpp'>>;
}): DesktopSessions {
  return new DesktopSessions({
    labs: options.labs,
    pins: new HostKeyPins(options.db, options.clock),
    emitStatus: (event) => options.events.emit('desktop.status', event),
    onActivity: options.onActivity,
    readOnly: options.readOnly,
    logger: options.logger.child('desktop'),
    ...options.tuning,
  });
}
