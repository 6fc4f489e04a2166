import type { ReactNode } from 'react';
import type { SessionViewProps } from '../session/session-kind-view';
import { DesktopView } from './DesktopView';

/** The remote desktop of one of the course's rdp connections, in a Lab tab. */
export function DesktopPane({ courseId, connection, tabId, readOnly }: SessionViewProps): ReactNode {
  return <DesktopView courseId={courseId} connection={connection} tabId={tabId} leaveTo={`lab-tab-${tabId}`} readOnly={readOnly} />;
}
