import type { CallOutput, ParsedInput } from '../../shared/contract';
import { UserFacingError } from '../api/user-error';
import { withoutInput, type ReadOnlyConnection } from '../stream/read-only-input';
import { StreamSessionRegistry } from '../stream/stream-session-registry';
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

export interface TerminalSessionsOptions extends TerminalSessionDeps {
  /** A session no stream has been attached to for this long is closed (a tab closed without saying so). */
  readonly orphanMs?: number;
  /** Connections the course shows read-only: whatever the learner types there is dropped. */
  readonly readOnly?: ReadOnlyConnection;
}

/** Every open terminal of this process, by session id; the stream transports attach to them here. */
export class TerminalSessions extends StreamSessionRegistry<TerminalSession> {
  constructor(private readonly options: TerminalSessionsOptions) {
    super({ orphanMs: options.orphanMs, orphanReason: 'No window showed this terminal any more.', notFound: (id) => new TerminalNotFoundError(id) });
  }

  open(input: ParsedInput<'terminal.open'>, access: TerminalAccessOverride = {}): CallOutput<'terminal.open'> {
    return this.add(
      (sessionId, ended) =>
        new TerminalSession(sessionId, { ...input }, {
          ...this.options,
          ...(access.resolver ? { resolver: access.resolver } : {}),
          ...(access.labState ? { labState: access.labState } : {}),
          emitStatus: (event) => {
            if (event.status === 'closed') ended();
            this.options.emitStatus(event);
          },
        }),
      access.readOnly || this.options.readOnly?.(input.courseId, input.connection) ? withoutInput : undefined,
    );
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
