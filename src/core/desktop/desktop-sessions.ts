import type { CallOutput, ParsedInput } from '../../shared/contract';
import { UserFacingError } from '../api/user-error';
import { withoutInput, type ReadOnlyConnection } from '../stream/read-only-input';
import { StreamSessionRegistry } from '../stream/stream-session-registry';
import { DesktopSession, type DesktopSessionDeps } from './desktop-session';

export class DesktopNotFoundError extends UserFacingError {
  constructor(sessionId: string) {
    super('not_found', `Remote desktop ${sessionId} is not open any more (it was closed, or the app restarted). Open the Desktop tab again.`);
    this.name = 'DesktopNotFoundError';
  }
}

export interface DesktopSessionsOptions extends DesktopSessionDeps {
  /** A session no stream has been attached to for this long is closed (a tab closed without saying so). */
  readonly orphanMs?: number;
  /** Connections the course shows read-only: keys and clicks on the desktop are dropped. */
  readonly readOnly?: ReadOnlyConnection;
}

/** Every open remote desktop of this process, by session id; the stream transports attach to them here. */
export class DesktopSessions extends StreamSessionRegistry<DesktopSession> {
  constructor(private readonly options: DesktopSessionsOptions) {
    super({ orphanMs: options.orphanMs, orphanReason: 'No window showed this desktop any more.', notFound: (id) => new DesktopNotFoundError(id) });
  }

  open(input: ParsedInput<'desktop.open'>): CallOutput<'desktop.open'> {
    return this.add(
      (sessionId, ended) =>
        new DesktopSession(sessionId, { ...input }, {
          ...this.options,
          emitStatus: (event) => {
            if (event.status === 'closed') ended();
            this.options.emitStatus(event);
          },
        }),
      this.options.readOnly?.(input.courseId, input.connection) ? withoutInput : undefined,
    );
  }
}

export function desktopHandlers(desktops: DesktopSessions) {
  const ok = { ok: true as const };
  return {
    'desktop.open': async (input: ParsedInput<'desktop.open'>) => desktops.open(input),
    'desktop.resize': async (input: ParsedInput<'desktop.resize'>) => {
      desktops.get(input.sessionId).resize(input.width, input.height);
      return ok;
    },
    'desktop.close': async (input: ParsedInput<'desktop.close'>) => {
      desktops.close(input.sessionId);
      return ok;
    },
    'desktop.reconnect': async (input: ParsedInput<'desktop.reconnect'>) => {
      desktops.get(input.sessionId).reconnectNow();
      return ok;
    },
  };
}
