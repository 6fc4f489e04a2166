import { useEffect, useState } from 'react';
import type { SessionStatusEvent, SessionStatusOf } from '../../shared/contract';
import type { SessionKindName } from '../../shared/stream';
import { useApi } from '../api/api-context';
import { statusInReadersLanguage } from './status-language';
import { forgetTabSession } from './tab-sessions';

export interface LiveSessionState<K extends SessionKindName, L> {
  readonly sessionId: string | undefined;
  readonly status: SessionStatusOf<K>;
  readonly link: L | undefined;
}

/** How a view starts its session: keep it stable (useMemo) while the same session should stay open. */
export interface SessionStarter<L> {
  /**
   * `session.open`, or another call that opens one (the instructor's read-only `cohort.watch`);
   * for a Lab tab, its session (`sessionForTab`), with the status the app last listed for it.
   */
  open(): Promise<{ sessionId: string; status?: SessionStatusEvent }>;
  /** Binds the opened session's stream to the view (xterm, a canvas). */
  link(sessionId: string): L;
  /**
   * The Lab tab the session belongs to: then it outlives the view (the learner comes back to it;
   * closing the tab closes it). Without one, the session ends with the view.
   */
  readonly tabId?: string;
}

const statusOf = <K extends SessionKindName>(kind: K, sessionId: string, status: SessionStatusOf<K>['status'], message?: string) =>
  ({ kind, sessionId, status, ...(message !== undefined ? { message } : {}) }) as SessionStatusOf<K>;

/**
 * One live session of a view, whatever its kind: opens it (or takes back its tab's) once the view
 * can show it (`starter`), binds its stream and follows its `session.status` events. When the view
 * goes, a tab's session goes on in the app and only the stream is let go; any other is closed.
 * `generation` bumps to start a fresh session (after the shell exited, or "Try again").
 */
export function useLiveSession<K extends SessionKindName, L extends { dispose(): void }>(
  kind: K,
  starter: SessionStarter<L> | undefined,
  generation: number,
): LiveSessionState<K, L> {
  const api = useApi();
  const [state, setState] = useState<LiveSessionState<K, L>>({
    sessionId: undefined,
    status: statusOf(kind, '-', 'connecting'),
    link: undefined,
  });

  useEffect(() => {
    if (!starter) return;
    let live = true;
    let sessionId: string | undefined;
    let link: L | undefined;
    const { tabId } = starter;
    // Events can beat the answer to the open call: keep the latest per session until we know ours.
    const seen = new Map<string, SessionStatusOf<K>>();
    const offStatus = api.on('session.status', (event) => {
      if (event.kind !== kind) return;
      const status = statusInReadersLanguage(event as SessionStatusOf<K>);
      // A closed session is over: the tab's next view (New shell) opens another.
      if (status.status === 'closed' && tabId) forgetTabSession(tabId, status.sessionId);
      if (sessionId === undefined) seen.set(status.sessionId, status);
      else if (status.sessionId === sessionId) setState((s) => ({ ...s, status }));
    });
    starter
      .open()
      .then(({ sessionId: id, status: listed }) => {
        if (!live) {
          if (!tabId) void api.call('session.close', { sessionId: id }).catch(() => undefined);
          return;
        }
        sessionId = id;
        link = starter.link(id);
        const known = seen.get(id) ?? (listed?.kind === kind ? statusInReadersLanguage(listed as SessionStatusOf<K>) : undefined);
        setState({ sessionId: id, link, status: known ?? statusOf(kind, id, 'connecting') });
      })
      .catch((error: unknown) => {
        if (live)
          setState((s) => ({ ...s, status: statusOf(kind, '-', 'failed', error instanceof Error ? error.message : String(error)) }));
      });
    return () => {
      live = false;
      offStatus();
      link?.dispose();
      if (sessionId && !tabId) void api.call('session.close', { sessionId }).catch(() => undefined);
    };
  }, [api, kind, starter, generation]);

  return state;
}
