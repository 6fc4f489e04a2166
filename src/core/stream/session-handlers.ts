import type { ParsedInput } from '../../shared/contract';
import type { LiveSessions } from './live-sessions';
import type { WorkspaceTabStore } from './workspace-tab-store';

/** The contract's `session.*` calls, for every kind of live session, and the Lab screen's tabs they belong to. */
export function sessionHandlers(sessions: LiveSessions, tabs: WorkspaceTabStore) {
  const ok = { ok: true as const };
  return {
    'session.open': async (input: ParsedInput<'session.open'>) => sessions.open(input),
    'session.list': async (input: ParsedInput<'session.list'>) => ({ sessions: sessions.list(input.courseId) }),
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
    'session.webEntry': async (input: ParsedInput<'session.webEntry'>) => ({ url: sessions.entryUrl(input.sessionId) }),
    'session.clearScrollback': async (input: ParsedInput<'session.clearScrollback'>) => {
      sessions.get(input.sessionId).clearScrollback();
      return ok;
    },
    'session.tabs': async (input: ParsedInput<'session.tabs'>) => tabs.get(input.courseId),
    'session.saveTabs': async ({ courseId, ...saved }: ParsedInput<'session.saveTabs'>) => {
      tabs.save(courseId, saved);
      return ok;
    },
  };
}
