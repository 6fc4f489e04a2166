import { lazy } from 'react';
import type { SessionKindName } from '../../shared/stream';
import type { SessionKindView } from './session-kind-view';

/**
 * Every kind of live session the Lab screen shows, by kind: a new kind is a view and a line here.
 * Each view (xterm.js, the desktop canvas) is its own chunk of the bundle, loaded when a tab of its
 * kind is first shown, so the first screen is drawn without them.
 */
export const sessionViews: Record<SessionKindName, SessionKindView> = {
  terminal: {
    protocol: 'ssh',
    noun: 'Shell',
    keepMounted: true,
    View: lazy(() => import('../terminal/terminal-session-view').then((m) => ({ default: m.TerminalPane }))),
  },
  desktop: {
    protocol: 'rdp',
    noun: 'Desktop',
    // Mounted only while shown: each holds a framebuffer; its session goes on and redraws the whole screen when shown again.
    keepMounted: false,
    View: lazy(() => import('../desktop/desktop-session-view').then((m) => ({ default: m.DesktopPane }))),
  },
};
