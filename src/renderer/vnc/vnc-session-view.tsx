import type { ReactNode } from 'react';
import type { SessionKindView, SessionViewProps } from '../session/session-kind-view';
import { VncView } from './VncView';

function VncPane({ courseId, connection, tabId, readOnly }: SessionViewProps): ReactNode {
  return <VncView courseId={courseId} connection={connection} tabId={tabId} leaveTo={`lab-tab-${tabId}`} readOnly={readOnly} />;
}

/** The VNC desktop of one of the course's vnc connections. */
export const vncSessionView: SessionKindView = {
  protocol: 'vnc',
  noun: 'Desktop',
  // Mounted only while shown: each holds a framebuffer; coming back starts a new RFB conversation, which sends the whole screen.
  keepMounted: false,
  View: VncPane,
};
