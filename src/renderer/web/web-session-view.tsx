import type { ReactNode } from 'react';
import type { SessionKindView, SessionViewProps } from '../session/session-kind-view';
import { WebView } from './WebView';

function WebPane({ courseId, connection, service, tabId }: SessionViewProps): ReactNode {
  if (!service) return null;
  return <WebView courseId={courseId} connection={connection} service={service} tabId={tabId} />;
}

/** A web page of the lab (course.yaml `lab.services`), through an SSH forward over one of its ssh connections. */
export const webSessionView: SessionKindView = {
  protocol: 'ssh',
  noun: 'Web page',
  // Hidden tabs keep their page (a form half filled in, a dashboard's state).
  keepMounted: true,
  View: WebPane,
};
