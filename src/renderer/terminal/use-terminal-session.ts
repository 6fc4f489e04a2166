import { useEffect, useMemo, useRef } from 'react';
import { useApi, useStreamOpener } from '../api/api-context';
import { useLiveSession, type LiveSessionState, type SessionStarter } from '../session/use-live-session';
import type { Xterm } from './create-xterm';
import { TerminalLink } from './terminal-link';
import { throttle } from './throttle';

export type TerminalSessionState = LiveSessionState<'terminal', TerminalLink>;

const ACTIVITY_INTERVAL_MS = 30_000;

/** Opens the session another way than `session.open` (the instructor's read-only `cohort.watch`). */
export type TerminalOpener = (size: { cols: number; rows: number }) => Promise<{ sessionId: string }>;

export interface TerminalSessionOptions {
  readonly open?: TerminalOpener;
  /** Output only: keystrokes are not sent (the app drops them too) and do not count as activity. */
  readonly readOnly?: boolean;
}

/**
 * Opens an SSH terminal session for one course connection once xterm exists, streams it into
 * xterm, sends what is typed and the new size when xterm resizes. `generation` bumps to start a
 * fresh session (after the shell exited).
 */
export function useTerminalSession(
  xterm: Xterm | undefined,
  courseId: string,
  connection: string,
  generation: number,
  options: TerminalSessionOptions = {},
): TerminalSessionState {
  const { open, readOnly = false } = options;
  const api = useApi();
  const openStream = useStreamOpener();
  const starter = useMemo((): SessionStarter<TerminalLink> | undefined => {
    if (!xterm) return undefined;
    const { terminal } = xterm;
    // The terminal's activity (input and output) is counted here: the app cannot tell a long build from an idle shell.
    const ping = readOnly ? () => undefined : throttle(() => void api.call('activity.ping', { source: 'terminal' }).catch(() => undefined), ACTIVITY_INTERVAL_MS);
    return {
      open: () => {
        const size = { cols: Math.max(2, terminal.cols), rows: Math.max(1, terminal.rows) };
        return open ? open(size) : api.call('session.open', { kind: 'terminal', courseId, connection, ...size });
      },
      link: (sessionId) => new TerminalLink({ sessionId, openStream, terminal, onActivity: ping }),
    };
  }, [api, openStream, xterm, courseId, connection, open, readOnly]);
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
    const resize = xterm.terminal.onResize(({ cols, rows }) => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        const { sessionId } = current.current;
        if (sessionId) void api.call('session.resize', { kind: 'terminal', sessionId, cols: Math.max(2, cols), rows }).catch(() => undefined);
      }, 80);
    });
    return () => {
      input.dispose();
      resize.dispose();
      clearTimeout(resizeTimer);
    };
  }, [api, xterm, readOnly]);

  return session;
}
