import type { ComponentType } from 'react';
import type { Protocol } from '../../shared/course/course-library';
import type { SettingsState } from '../hooks/use-settings';

export interface SessionViewProps {
  readonly courseId: string;
  readonly connection: string;
  /** A web page's tab: the lab's service it shows, reached through `connection`. */
  readonly service?: string;
  /** The Lab tab it is: its session outlives the view and is taken back when the tab is shown again. */
  readonly tabId: string;
  /** The visible tab (it takes the keyboard focus). */
  readonly active: boolean;
  readonly settings: SettingsState;
  /** The course shows this connection read-only (the app drops input on it anyway). */
  readonly readOnly: boolean;
}

/** A remote desktop (RDP or VNC) into one of the lab's connections. */
export interface RemoteDesktopViewProps {
  readonly courseId: string;
  readonly connection: string;
  /** The course shows this desktop read-only: nothing is sent (and the app would drop it anyway). */
  readonly readOnly?: boolean;
  /** The Lab tab it is: the remote session outlives the view, which takes it back when shown again. */
  readonly tabId?: string;
  /** The id of what the "leave" key focuses (the tab). */
  readonly leaveTo?: string;
}

/** How one kind of live session shows in a Lab tab. */
export interface SessionKindView {
  /** The course's connections it opens. */
  readonly protocol: Protocol;
  /** Keep the view mounted while its tab is hidden (a terminal keeps its screen), or only while shown (each desktop holds a framebuffer). */
  readonly keepMounted: boolean;
  /** Mount it first when its tab is first shown (a web page is not loaded behind the learner's back, its service may not run yet). */
  readonly firstWhenShown?: boolean;
  readonly View: ComponentType<SessionViewProps>;
}
