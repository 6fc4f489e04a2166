import type { ParsedInput } from '../../shared/contract';
import type { LiveSessions } from './live-sessions';

/** The contract's `session.*` calls, for every kind of live session. */
export function sessionHandlers(sessions: LiveSessions) {
  const ok = { ok: true as const };
  return {
    'session.open': async (input: ParsedInput<'session.open'>) => sessions.open(input),
    'session.resize': async ({ sessionId, kind, ...size }: ParsedInput<'session.resize'>) => {
      sessions.get(sessionId, kind).resize(size);
      return ok;
    },
    'session.close': async (input: ParsedInput<'session.close'>) => {
      sessions.close(input.sessionId);
      return ok;
    },
    'session.reconnect': async (input: ParsedInput<'session.reconnect'>) => {
      sessions.get(input.sessionId).reconnectNow();
      return ok;
    },
  };
}
