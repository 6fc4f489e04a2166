import { randomBytes } from 'node:crypto';
import type { CallOutput, ParsedInput } from '../../shared/contract';
import { UserFacingError } from '../api/user-error';
import type { AttachedStream, StreamEndpoint, StreamSessions } from '../terminal/stream-endpoint';
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
}

/** Every open remote desktop of this process, by session id; the stream transports attach to them here. */
export class DesktopSessions implements StreamSessions {
  private readonly sessions = new Map<string, DesktopSession>();
  private readonly orphanTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: DesktopSessionsOptions) {}

  open(input: ParsedInput<'desktop.open'>): CallOutput<'desktop.open'> {
    const sessionId = randomBytes(12).toString('base64url');
    const session = new DesktopSession(sessionId, { ...input }, {
      ...this.options,
      emitStatus: (event) => {
        if (event.status === 'closed') this.forget(sessionId);
        this.options.emitStatus(event);
      },
    });
    this.sessions.set(sessionId, session);
    this.watchOrphan(sessionId);
    session.start();
    return { sessionId };
  }

  get(sessionId: string): DesktopSession {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) throw new DesktopNotFoundError(sessionId);
    return session;
  }

  attach(sessionId: string, endpoint: StreamEndpoint): AttachedStream | undefined {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) return undefined;
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    const attached = session.attach(endpoint);
    return {
      receive: attached.receive,
      detach: () => {
        attached.detach();
        if (!session.hasStream()) this.watchOrphan(sessionId);
      },
    };
  }

  close(sessionId: string, reason?: string): void {
    const session = this.sessions.get(sessionId);
    this.forget(sessionId);
    session?.close(reason);
  }

  closeAll(reason = 'Lab Console is closing.'): void {
    for (const id of [...this.sessions.keys()]) this.close(id, reason);
  }

  get size(): number {
    return this.sessions.size;
  }

  private forget(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    this.sessions.delete(sessionId);
  }

  private watchOrphan(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    const timer = setTimeout(() => this.close(sessionId, 'No window showed this desktop any more.'), this.options.orphanMs ?? 60_000);
    timer.unref();
    this.orphanTimers.set(sessionId, timer);
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
