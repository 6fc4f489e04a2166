import type { ReactNode } from 'react';
import type { SessionKindView, SessionViewProps } from '../session/SessionArea';
import { DesktopView } from './DesktopView';

function DesktopPane({ courseId, connection, readOnly }: SessionViewProps): ReactNode {
  return <DesktopView courseId={courseId} connection={connection} readOnly={readOnly} />;
}

/** The Desktop tab: a remote desktop of the course's rdp connection (a choice when there are several). */
export const desktopSessionView: SessionKindView = {
  protocol: 'rdp',
  tabsLabel: 'Desktops',
  noConnection: { title: 'No desktop in this course', text: "This course's lab has no RDP connection; use the Terminal tab." },
  waiting: "Press Launch: the lab's desktop opens here once it is ready.",
  // One desktop at a time: each holds a server session and a framebuffer.
  keepMounted: false,
  View: DesktopPane,
};
