import { useEffect, useMemo, useRef } from 'react';
import { useApi, useStreamOpener } from '../api/api-context';
import { useLiveSession, type LiveSessionState, type SessionStarter } from '../session/use-live-session';
import { sessionForTab } from '../session/tab-sessions';
import type { Xterm } from './create-xterm';
import { TerminalLink } from './terminal-link';

export type TerminalSessionState = LiveSessionState<'terminal', TerminalLink>;

/** Opens the session another way than `session.open` (the instructor's read-only `cohort.watch`). */
export type TerminalOpener = (size: { cols: number; rows: number }) => Promise<{ sessionId: string }>;

export interface TerminalSessionOptions {
  readonly open?: TerminalOpener;
  /** Output only: keystrokes are not sent (the app drops them too). */
  readonly readOnly?: boolean;
  /** The Lab tab the terminal is: its shell outlives the view, which takes it back when shown again. */
  readonly tabId?: string;
}

/**
 * Opens an SSH terminal session for one course connection once xterm exists (or takes back its
 * tab's), streams it into xterm, sends what is typed and the new size when xterm resizes.
 * `generation` bumps to start a fresh session (after the shell exited).
 */
export function useTerminalSession(
  xterm: Xterm | undefined,
  courseId: string,
  connection: string,
  generation: number,
  options: TerminalSessionOptions = {},
): TerminalSessionState {
  const { open, readOnly = false, tabId } = options;
  const api = useApi();
  const openStream = useStreamOpener();
  const starter = useMemo((): SessionStarter<TerminalLink> | undefined => {
    if (!xterm) return undefined;
    const { terminal } = xterm;
    const openNew = (): Promise<{ sessionId: string }> => {
      const size = { cols: Math.max(2, terminal.cols), rows: Math.max(1, terminal.rows) };
      return open ? open(size) : api.call('session.open', { kind: 'terminal', courseId, connection, ...(tabId ? { tabId } : {}), ...size });
    };
    return {
      tabId,
      open: () => (tabId ? sessionForTab(tabId, openNew) : openNew()),
      link: (sessionId) => new TerminalLink({ sessionId, openStream, terminal }),
    };
  }, [api, openStream, xterm, courseId, connection, open, tabId]);
  const session = useLiveSession('terminal', starter, generation);

  const current = useRef(session);
  useEffect(() => {
    current.current = session;
  });
  useEffect(() => {
    if (!xterm) return;
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    const input = xterm.terminal.onData((data) => {
      if (!readOnly) current.current.link?.input(data);
    });
    const sendSize = (): void => {
      const { sessionId } = current.current;
      const { cols, rows } = xterm.terminal;
      if (sessionId)
        void api
          .call('session.resize', { kind: 'terminal', sessionId, cols: Math.max(2, cols), rows: Math.max(1, rows) })
          .catch(() => undefined);
    };
    const resize = xterm.terminal.onResize(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(sendSize, 80);
    });
    return () => {
      input.dispose();
      resize.dispose();
      clearTimeout(resizeTimer);
    };
  }, [api, xterm, readOnly]);

  // A session taken back may have another size than this view (it was opened in another window or size).
  const sessionId = session.sessionId;
  useEffect(() => {
    if (!xterm || !sessionId || readOnly) return;
    const { cols, rows } = xterm.terminal;
    void api
      .call('session.resize', { kind: 'terminal', sessionId, cols: Math.max(2, cols), rows: Math.max(1, rows) })
      .catch(() => undefined);
  }, [api, xterm, sessionId, readOnly]);

  return session;
}
