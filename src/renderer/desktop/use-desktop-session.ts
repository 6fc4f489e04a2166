import { useEffect, useMemo, useRef } from 'react';
import { DESKTOP_MAX_SIZE, DESKTOP_MIN_SIZE } from '../../shared/rdp/desktop-session';
import { useApi, useStreamOpener } from '../api/api-context';
import { useLiveSession, type LiveSessionState, type SessionStarter } from '../session/use-live-session';
import { sessionForTab } from '../session/tab-sessions';
import { DesktopLink, type FrameSink } from './desktop-link';

export type DesktopSessionState = LiveSessionState<'desktop', DesktopLink>;

export interface PaneSize {
  readonly width: number;
  readonly height: number;
}

/** The desktop size to ask for: the pane's, within what RDP allows. */
export function requestedSize(pane: PaneSize): PaneSize {
  const clamp = (value: number): number => Math.max(DESKTOP_MIN_SIZE, Math.min(DESKTOP_MAX_SIZE, Math.floor(value)));
  return { width: clamp(pane.width), height: clamp(pane.height) };
}

/**
 * Opens a remote desktop session for one course connection once the pane has a size (or takes
 * back its Lab tab's, which goes on without a view), streams it
 * into `sink`, and asks for a new size when the pane changes (the app reconnects once the size
 * has settled). `generation` bumps to start a fresh session.
 */
export function useDesktopSession(
  sink: FrameSink | undefined,
  pane: PaneSize | undefined,
  courseId: string,
  connection: string,
  generation: number,
  tabId?: string,
): DesktopSessionState {
  const api = useApi();
  const openStream = useStreamOpener();
  const paneRef = useRef(pane);
  const hasPane = pane !== undefined;

  // Declared before the session opens, so it sees the size of this render.
  useEffect(() => {
    paneRef.current = pane;
  });

  const starter = useMemo((): SessionStarter<DesktopLink> | undefined => {
    if (!sink || !hasPane) return undefined;
    const openNew = () =>
      api.call('session.open', { kind: 'desktop', courseId, connection, ...(tabId ? { tabId } : {}), ...requestedSize(paneRef.current!) });
    return {
      tabId,
      open: () => (tabId ? sessionForTab(tabId, openNew) : openNew()),
      link: (sessionId) => new DesktopLink({ sessionId, openStream, sink }),
    };
  }, [api, openStream, sink, hasPane, courseId, connection, tabId]);
  const session = useLiveSession('desktop', starter, generation);

  const sessionId = useRef(session.sessionId);
  useEffect(() => {
    sessionId.current = session.sessionId;
  });
  const width = pane?.width;
  const height = pane?.height;
  useEffect(() => {
    if (width === undefined || height === undefined) return;
    const timer = setTimeout(() => {
      const id = sessionId.current;
      if (id)
        void api.call('session.resize', { kind: 'desktop', sessionId: id, ...requestedSize({ width, height }) }).catch(() => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [api, width, height]);

  return session;
}
