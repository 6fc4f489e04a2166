import type { ReactNode } from 'react';
import type { SessionViewProps } from '../session/session-kind-view';
import { VncView } from './VncView';

/** The VNC desktop of one of the course's vnc connections in a Lab tab. */
export function VncPane({ courseId, connection, tabId, readOnly }: SessionViewProps): ReactNode {
  return <VncView courseId={courseId} connection={connection} tabId={tabId} leaveTo={`lab-tab-${tabId}`} readOnly={readOnly} />;
}
