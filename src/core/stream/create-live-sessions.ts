import type { EventPayload } from '../../shared/contract';
import type { EventBus } from '../api/event-bus';
import { desktopProtocol } from '../connect/rdp/desktop-protocol';
import { HostKeyPins } from '../connect/ssh/host-key-pins';
import { terminalProtocol } from '../connect/ssh/terminal-protocol';
import { vncProtocol } from '../connect/vnc/vnc-protocol';
import { webProtocol, type WebServiceTarget } from '../connect/web/web-protocol';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { Clock } from '../time/clock';
import { labRunState, type LabAccess } from './lab-access';
import { LiveSessions } from './live-sessions';
import type { AssistNotices } from './assist-notices';

/** The app's live sessions: every protocol, SSH host keys and TLS certificates (RDP, VNC, web consoles) pinned in one table, ended with their lab's run. */
export function createLiveSessions(options: {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventBus;
  readonly labs: LabAccess;
  /** Input that counts as activity pushes the lab's idle-suspend deadline. */
  readonly onActivity?: (courseId: string) => void;
  /** Connections the course shows read-only. */
  readonly readOnly?: (courseId: string, connection: string) => boolean;
  /** Where a web console's service is (course.yaml `lab.services` and the lab's outputs); no web consoles without it. */
  readonly services?: (courseId: string, name: string) => Promise<WebServiceTarget>;
  /** The learner's terminals look for an instructor's assist marker over their own logins and report here. */
  readonly assistNotices?: AssistNotices;
}): LiveSessions {
  const pins = new HostKeyPins(options.db, options.clock);
  const sessions = new LiveSessions({
    protocols: {
      terminal: terminalProtocol({ pins }),
      desktop: desktopProtocol({ pins }),
      vnc: vncProtocol({ pins }),
      ...(options.services ? { web: webProtocol({ pins, service: options.services }) } : {}),
    },
    labs: options.labs,
    emitStatus: (event) => options.events.emit('session.status', event),
    onActivity: options.onActivity,
    readOnly: options.readOnly,
    logger: options.logger,
    ownCompanion: ({ sessionId, courseId, kind }) =>
      kind === 'terminal' ? options.assistNotices?.companionFor(sessionId, courseId) : undefined,
  });
  // A suspended or deleted lab ends the sessions into it that no window shows.
  options.events.subscribe((name, payload) => {
    if (name !== 'lab.changed') return;
    const view = payload as EventPayload<'lab.changed'>;
    sessions.labChanged(view.courseId, view.lab ? labRunState(view.lab) : 'gone');
  });
  return sessions;
}
