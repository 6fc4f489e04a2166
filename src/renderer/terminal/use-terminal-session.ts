import { useEffect, useRef, useState } from 'react';
import type { TerminalStatusEvent } from '../../shared/ssh';
import { useApi, useStreamOpener } from '../api/api-context';
import { TerminalLink } from './terminal-link';
import { throttle } from './throttle';
import type { Xterm } from './create-xterm';

export interface TerminalSessionState {
  readonly sessionId: string | undefined;
  readonly status: TerminalStatusEvent;
  readonly link: TerminalLink | undefined;
}

const ACTIVITY_INTERVAL_MS = 30_000;

/** Opens the session another way than `terminal.open` (the instructor's read-only `cohort.watch`). */
export type TerminalOpener = (size: { cols: number; rows: number }) => Promise<{ sessionId: string }>;

export interface TerminalSessionOptions {
  readonly open?: TerminalOpener;
  /** Output only: keystrokes are not sent (the app drops them too) and do not count as activity. */
  readonly readOnly?: boolean;
}

/**
 * Opens an SSH terminal session for one course connection once xterm exists, streams it into
 * xterm, and follows its status. `generation` bumps to start a fresh session (after the shell exited).
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
  const [state, setState] = useState<TerminalSessionState>({ sessionId: undefined, status: { terminalId: '-', status: 'connecting' }, link: undefined });
  const resizeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    if (!xterm) return;
    let live = true;
    let sessionId: string | undefined;
    let link: TerminalLink | undefined;
    // Events can beat the answer to terminal.open: keep the latest per session until we know ours.
    const seen = new Map<string, TerminalStatusEvent>();
    const offStatus = api.on('terminal.status', (event) => {
      if (sessionId === undefined) seen.set(event.terminalId, event);
      else if (event.terminalId === sessionId) setState((s) => ({ ...s, status: event }));
    });
    const ping = readOnly ? () => undefined : throttle(() => void api.call('activity.ping', { source: 'terminal' }).catch(() => undefined), ACTIVITY_INTERVAL_MS);
    const { terminal } = xterm;
    const size = { cols: Math.max(2, terminal.cols), rows: Math.max(1, terminal.rows) };
    (open ? open(size) : api.call('terminal.open', { courseId, connection, ...size }))
      .then(({ sessionId: id }) => {
        if (!live) {
          void api.call('terminal.close', { sessionId: id }).catch(() => undefined);
          return;
        }
        sessionId = id;
        link = new TerminalLink({ sessionId: id, openStream, terminal, onActivity: ping });
        setState({ sessionId: id, link, status: seen.get(id) ?? { terminalId: id, status: 'connecting' } });
      })
      .catch((error: unknown) => {
        if (live) setState((s) => ({ ...s, status: { terminalId: '-', status: 'failed', message: error instanceof Error ? error.message : String(error) } }));
      });
    const input = terminal.onData((data) => {
      if (!readOnly) link?.input(data);
    });
    const resize = terminal.onResize(({ cols, rows }) => {
      clearTimeout(resizeTimer.current);
      resizeTimer.current = setTimeout(() => {
        if (sessionId) void api.call('terminal.resize', { sessionId, cols: Math.max(2, cols), rows }).catch(() => undefined);
      }, 80);
    });
    return () => {
      live = false;
      offStatus();
      input.dispose();
      resize.dispose();
      clearTimeout(resizeTimer.current);
      link?.dispose();
      if (sessionId) void api.call('terminal.close', { sessionId }).catch(() => undefined);
    };
  }, [api, openStream, xterm, courseId, connection, generation, open, readOnly]);

  return state;
}
