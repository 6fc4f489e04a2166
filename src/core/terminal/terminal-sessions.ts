import { randomBytes } from 'node:crypto';
import type { CallOutput, ParsedInput } from '../../shared/contract';
import { UserFacingError } from '../api/user-error';
import type { AttachedStream, StreamEndpoint, StreamSessions } from './stream-endpoint';
import { TerminalSession, type TerminalSessionDeps } from './terminal-session';

export class TerminalNotFoundError extends UserFacingError {
  constructor(sessionId: string) {
    super('not_found', `Terminal ${sessionId} is not open any more (it was closed, or the app restarted). Open the terminal again.`);
    this.name = 'TerminalNotFoundError';
  }
}

export interface TerminalSessionsOptions extends TerminalSessionDeps {
  /** A session no stream has been attached to for this long is closed (a tab closed without saying so). */
  readonly orphanMs?: number;
}

/** Every open terminal of this process, by session id; the stream transports attach to them here. */
export class TerminalSessions implements StreamSessions {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly orphanTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: TerminalSessionsOptions) {}

  open(input: ParsedInput<'terminal.open'>): CallOutput<'terminal.open'> {
    const sessionId = randomBytes(12).toString('base64url');
    const session = new TerminalSession(sessionId, { ...input }, {
      ...this.options,
      emitStatus: (event) => {
        // A shell that ended is gone for good: forget it (a new shell is a new session).
        if (event.status === 'closed') this.forget(sessionId);
        this.options.emitStatus(event);
      },
    });
    this.sessions.set(sessionId, session);
    this.watchOrphan(sessionId);
    session.start();
    return { sessionId };
  }

  get(sessionId: string): TerminalSession {
    const session = this.sessions.get(sessionId);
    if (!session || session.isClosed()) throw new TerminalNotFoundError(sessionId);
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

  /** How many sessions are open (diagnostics, tests). */
  get size(): number {
    return this.sessions.size;
  }

  private forget(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    this.orphanTimers.delete(sessionId);
    this.sessions.delete(sessionId);
  }

  closeAll(reason = 'Lab Console is closing.'): void {
    for (const id of [...this.sessions.keys()]) this.close(id, reason);
  }

  private watchOrphan(sessionId: string): void {
    clearTimeout(this.orphanTimers.get(sessionId));
    const timer = setTimeout(() => this.close(sessionId, 'No window showed this terminal any more.'), this.options.orphanMs ?? 60_000);
    timer.unref();
    this.orphanTimers.set(sessionId, timer);
  }
}

export function terminalHandlers(terminals: TerminalSessions) {
  const ok = { ok: true as const };
  return {
    'terminal.open': async (input: ParsedInput<'terminal.open'>) => terminals.open(input),
    'terminal.resize': async (input: ParsedInput<'terminal.resize'>) => {
      terminals.get(input.sessionId).resize(input.cols, input.rows);
      return ok;
    },
    'terminal.close': async (input: ParsedInput<'terminal.close'>) => {
      terminals.close(input.sessionId);
      return ok;
    },
    'terminal.reconnect': async (input: ParsedInput<'terminal.reconnect'>) => {
      terminals.get(input.sessionId).reconnectNow();
      return ok;
    },
  };
}
