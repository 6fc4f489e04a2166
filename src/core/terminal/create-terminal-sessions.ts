import type { EventBus } from '../api/event-bus';
import { UserFacingError } from '../api/user-error';
import { HostKeyPins } from '../connect/ssh';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { ReadOnlyConnection } from '../stream/read-only-input';
import type { Clock } from '../time/clock';
import type { LabConnectionResolver, LabStateProbe } from './lab-terminal-target';
import { TerminalSessions, type TerminalSessionsOptions } from './terminal-sessions';

export interface TerminalLabAccess {
  readonly resolver: LabConnectionResolver;
  readonly labState: LabStateProbe;
}

/** Until a lab source is wired in, opening a terminal says why it cannot. */
export const noLabAccess: TerminalLabAccess = {
  resolver: {
    resolve: async (courseId) => {
      throw new UserFacingError('unavailable', `No lab is running for course "${courseId}": press Launch first.`);
    },
  },
  labState: { state: async () => 'other' },
};

export function createTerminalSessions(options: {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventBus;
  readonly labs: TerminalLabAccess;
  readonly readOnly?: ReadOnlyConnection;
  readonly tuning?: Partial<Pick<TerminalSessionsOptions, 'schedule' | 'suspendedPollMs' | 'channel' | 'orphanMs'>>;
}): TerminalSessions {
  return new TerminalSessions({
    resolver: options.labs.resolver,
    labState: options.labs.labState,
    hostKeys: new HostKeyPins(options.db, options.clock),
    emitStatus: (event) => options.events.emit('terminal.status', event),
    logger: options.logger.child('terminal'),
    readOnly: options.readOnly,
    ...options.tuning,
  });
}
