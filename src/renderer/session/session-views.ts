import type { SessionKindName } from '../../shared/stream';
import { desktopSessionView } from '../desktop/desktop-session-view';
import { terminalSessionView } from '../terminal/terminal-session-view';
import { webSessionView } from '../web/web-session-view';
import { vncSessionView } from '../vnc/vnc-session-view';
import type { SessionKindView } from './session-kind-view';

/** Every kind of live session the Lab screen shows, by kind: a new kind is a view and a line here. */
export const sessionViews: Record<SessionKindName, SessionKindView> = {
  terminal: terminalSessionView,
  desktop: desktopSessionView,
  web: webSessionView,
  vnc: vncSessionView,
};
