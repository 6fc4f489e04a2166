import type { ReactNode } from 'react';
import type { SessionKindView, SessionViewProps } from '../session/session-kind-view';
import { DesktopView } from './DesktopView';

function DesktopPane({ courseId, connection, tabId, readOnly }: SessionViewProps): ReactNode {
  return <DesktopView courseId={courseId} connection={connection} tabId={tabId} leaveTo={`lab-tab-${tabId}`} readOnly={readOnly} />;
}

/** The remote desktop of one of the course's rdp connections. */
export const desktopSessionView: SessionKindView = {
  protocol: 'rdp',
  noun: 'Desktop',
  // Mounted only while shown: each holds a framebuffer; its session goes on and redraws the whole screen when shown again.
  keepMounted: false,
  View: DesktopPane,
};
