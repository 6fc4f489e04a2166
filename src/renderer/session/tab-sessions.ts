import type { LiveSessionSummary, SessionStatusEvent } from '../../shared/contract';

/**
 * The session each Lab tab of this page has, so that a view mounted again for the tab (the
 * learner came back from another screen, switched back from the desktop) attaches to it instead of
 * opening another shell, and so that a view mounted twice at once opens only one. After a reload
 * the page starts empty and learns the sessions from `session.list`.
 */
export interface TabSession {
  readonly sessionId: string;
  /** What `session.list` last said of it, shown until the next status event. */
  readonly status?: SessionStatusEvent;
}

const byTab = new Map<string, Promise<TabSession>>();

/** The tab's session: the one it has, or one `open` makes (once, however many views ask meanwhile). */
export function sessionForTab(tabId: string, open: () => Promise<TabSession>): Promise<TabSession> {
  const known = byTab.get(tabId);
  if (known) return known;
  const opening = open();
  byTab.set(tabId, opening);
  opening.catch(() => {
    if (byTab.get(tabId) === opening) byTab.delete(tabId);
  });
  return opening;
}

/** What the app says is open: every tab takes its listed session; a tab whose session is gone forgets it. */
export function learnTabSessions(tabIds: readonly string[], listed: readonly LiveSessionSummary[]): void {
  for (const tabId of tabIds) {
    const session = listed.find((s) => s.tabId === tabId);
    if (session) byTab.set(tabId, Promise.resolve({ sessionId: session.sessionId, status: session.status }));
    else byTab.delete(tabId);
  }
}

/** The tab closed, or its session ended: the next view of it opens a new one. */
export function forgetTabSession(tabId: string, sessionId?: string): void {
  const known = byTab.get(tabId);
  if (!known) return;
  if (sessionId === undefined) {
    byTab.delete(tabId);
    return;
  }
  void known.then(
    (session) => {
      if (session.sessionId === sessionId && byTab.get(tabId) === known) byTab.delete(tabId);
    },
    () => undefined,
  );
}

/** Closing a tab: its session, if it has one, is forgotten here and handed back to be closed. */
export function takeTabSession(tabId: string): Promise<TabSession> | undefined {
  const known = byTab.get(tabId);
  byTab.delete(tabId);
  return known;
}
