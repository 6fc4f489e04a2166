import { randomBytes } from 'node:crypto';
import type { CallOutput, ParsedInput } from '../../shared/contract';
import { parseStreamUp } from '../../shared/stream';
import { UserFacingError } from '../api/user-error';
import type { AttachedStream, StreamEndpoint, StreamSessions } from './stream-endpoint';
import { TerminalSession, type TerminalSessionDeps } from './terminal-session';

export class TerminalNotFoundError extends UserFacingError {
  constructor(sessionId: string) {
    super('not_found', `Terminal ${sessionId} is not open any more (it was closed, or the app restarted). Open the terminal again.`);
    this.name = 'TerminalNotFoundError';
  }
}

/** Where one session finds its lab, instead of the learner's own lab records (the instructor's cohort). */
export interface TerminalAccessOverride extends Partial<Pick<TerminalSessionDeps, 'resolver' | 'labState'>> {
  /** Output only: whatever the viewer types is dropped here, before it can reach the shell. */
  readonly readOnly?: boolean;
}

/** Drops a stream's typed input and keeps its acknowledgements (flow control still works). */
function withoutInput(receive: AttachedStream['receive']): AttachedStream['receive'] {
  return (raw) => {
    const parsed = parseStreamUp(raw);
    if (parsed.ok && parsed.value.t === 'input') return;
    receive(raw);
  };
}

export interface TerminalSessionsOptions extends TerminalSessionDeps {
  /** A session no stream has been attached to for this long is closed (a tab closed without saying so). */
  readonly orphanMs?: number;
}

/** Every open terminal of this process, by session id; the stream transports attach to them here. */
export class TerminalSessions implements StreamSessions {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly orphanTimers = new Map<string, NodeJS.Timeout>();
  private readonly readOnly = new Set<string>();

  constructor(private readonly options: TerminalSessionsOptions) {}

  open(input: ParsedInput<'terminal.open'>, access: TerminalAccessOverride = {}): CallOutput<'terminal.open'> {
    const sessionId = randomBytes(12).toString('base64url');
    if (access.readOnly) this.readOnly.add(sessionId);
    const session = new TerminalSession(sessionId, { ...input }, {
      ...this.options,
      ...(access.resolver ? { resolver: access.resolver } : {}),
      ...(access.labState ? { labState: access.labState } : {}),
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
      receive: this.readOnly.has(sessionId) ? withoutInput(attached.receive) : attached.receive,
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
    this.readOnly.delete(sessionId);
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
