import { useMemo } from 'react';
import { useApi, useStreamOpener } from '../api/api-context';
import { sessionForTab } from '../session/tab-sessions';
import { useLiveSession, type LiveSessionState, type SessionStarter } from '../session/use-live-session';
import { VncLink, type VncLinkOptions } from './vnc-link';

export type VncSessionState = LiveSessionState<'vnc', VncLink>;

/**
 * Opens a VNC session for one course connection (or takes back its Lab tab's) once the view can
 * make RFB clients (`createClient`), and binds its stream to them. `generation` bumps to start a
 * fresh session.
 */
export function useVncSession(
  createClient: VncLinkOptions['createClient'] | undefined,
  courseId: string,
  connection: string,
  generation: number,
  tabId?: string,
): VncSessionState {
  const api = useApi();
  const openStream = useStreamOpener();
  const starter = useMemo((): SessionStarter<VncLink> | undefined => {
    if (!createClient) return undefined;
    const openNew = () => api.call('session.open', { kind: 'vnc', courseId, connection, ...(tabId ? { tabId } : {}) });
    return {
      tabId,
      open: () => (tabId ? sessionForTab(tabId, openNew) : openNew()),
      link: (sessionId) => new VncLink({ sessionId, openStream, createClient }),
    };
  }, [api, openStream, createClient, courseId, connection, tabId]);
  return useLiveSession('vnc', starter, generation);
}
