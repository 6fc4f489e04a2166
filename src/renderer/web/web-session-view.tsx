import type { ReactNode } from 'react';
import type { SessionViewProps } from '../session/session-kind-view';
import { WebView } from './WebView';

/** A web page of the lab (course.yaml `lab.services`) in a Lab tab, through an SSH forward over one of its ssh connections. */
export function WebPane({ courseId, connection, service, tabId }: SessionViewProps): ReactNode {
  if (!service) return null;
  return <WebView courseId={courseId} connection={connection} service={service} tabId={tabId} />;
}
