import { useEffect, useRef, useState } from 'react';
import type { DesktopStatusEvent } from '../../shared/contract/desktop-calls';
import { DESKTOP_MAX_SIZE, DESKTOP_MIN_SIZE } from '../../shared/contract/desktop-calls';
import { useApi, useStreamOpener } from '../api/api-context';
import { DesktopLink, type FrameSink } from './desktop-link';

export interface DesktopSessionState {
  readonly sessionId: string | undefined;
  readonly status: DesktopStatusEvent;
  readonly link: DesktopLink | undefined;
}

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
 * Opens a remote desktop session for one course connection once the pane has a size, streams it
 * into `sink`, follows its status, and asks for a new size when the pane changes (the app
 * reconnects once the size has settled). `generation` bumps to start a fresh session.
 */
export function useDesktopSession(sink: FrameSink | undefined, pane: PaneSize | undefined, courseId: string, connection: string, generation: number): DesktopSessionState {
  const api = useApi();
  const openStream = useStreamOpener();
  const [state, setState] = useState<DesktopSessionState>({ sessionId: undefined, status: { sessionId: '-', status: 'connecting' }, link: undefined });
  const paneRef = useRef(pane);
  const hasPane = pane !== undefined;
  const sessionRef = useRef<string>(undefined);

  // Declared before the effect that opens the session, so it sees the size of this render.
  useEffect(() => {
    paneRef.current = pane;
  });

  useEffect(() => {
    const size = paneRef.current;
    if (!sink || !size) return;
    let live = true;
    let sessionId: string | undefined;
    let link: DesktopLink | undefined;
    const seen = new Map<string, DesktopStatusEvent>();
    const offStatus = api.on('desktop.status', (event) => {
      if (sessionId === undefined) seen.set(event.sessionId, event);
      else if (event.sessionId === sessionId) setState((s) => ({ ...s, status: event }));
    });
    api
      .call('desktop.open', { courseId, connection, ...requestedSize(size) })
      .then(({ sessionId: id }) => {
        if (!live) {
          void api.call('desktop.close', { sessionId: id }).catch(() => undefined);
          return;
        }
        sessionId = id;
        sessionRef.current = id;
        link = new DesktopLink({ sessionId: id, openStream, sink });
        setState({ sessionId: id, link, status: seen.get(id) ?? { sessionId: id, status: 'connecting' } });
      })
      .catch((error: unknown) => {
        if (live) setState((s) => ({ ...s, status: { sessionId: '-', status: 'failed', message: error instanceof Error ? error.message : String(error) } }));
      });
    return () => {
      live = false;
      offStatus();
      link?.dispose();
      sessionRef.current = undefined;
      if (sessionId) void api.call('desktop.close', { sessionId }).catch(() => undefined);
    };
  }, [api, openStream, sink, hasPane, courseId, connection, generation]);

  const width = pane?.width;
  const height = pane?.height;
  useEffect(() => {
    if (width === undefined || height === undefined) return;
    const timer = setTimeout(() => {
      const sessionId = sessionRef.current;
      if (sessionId) void api.call('desktop.resize', { sessionId, ...requestedSize({ width, height }) }).catch(() => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [api, width, height]);

  return state;
}
