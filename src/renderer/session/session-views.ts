import { lazy } from 'react';
import type { SessionKindName } from '../../shared/stream';
import type { SessionKindView } from './session-kind-view';

/**
 * Every kind of live session the Lab screen shows, by kind: a new kind is a view and a line here
 * (and its name in the catalogue, `session.kind` and `session.loading`).
 * Each view (xterm.js, the desktop canvas, noVNC) is its own chunk of the bundle, loaded when a tab of its
 * kind is first shown, so the first screen is drawn without them.
 */
export const sessionViews: Record<SessionKindName, SessionKindView> = {
  terminal: {
    protocol: 'ssh',
    keepMounted: true,
    View: lazy(() => import('../terminal/terminal-session-view').then((m) => ({ default: m.TerminalPane }))),
  },
  desktop: {
    protocol: 'rdp',
    // Mounted only while shown: each holds a framebuffer; its session goes on and redraws the whole screen when shown again.
    keepMounted: false,
    View: lazy(() => import('../desktop/desktop-session-view').then((m) => ({ default: m.DesktopPane }))),
  },
  web: {
    protocol: 'ssh',
    // Hidden tabs keep their page (a form half filled in, a dashboard's state), once it was shown.
    keepMounted: true,
    firstWhenShown: true,
    View: lazy(() => import('../web/web-session-view').then((m) => ({ default: m.WebPane }))),
  },
  vnc: {
    protocol: 'vnc',
    // Mounted only while shown: coming back starts a new RFB conversation, which sends the whole screen.
    keepMounted: false,
    View: lazy(() => import('../vnc/vnc-session-view').then((m) => ({ default: m.VncPane }))),
  },
};
