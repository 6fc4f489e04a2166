import type { LabApi, LabBridge } from '../../shared/contract';
import { createLabApi } from './lab-client';
import { WebSocketBridge } from './ws-bridge';
import { messagePortStreamOpener, webSocketStreamOpener, type StreamOpener } from './live-stream';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    lab?: LabBridge;
  }
}

export interface Connection {
  readonly api: LabApi;
  /** Present in browser mode, where the link to the app can drop and come back. */
  readonly socket?: WebSocketBridge;
  /** Opens a live session's stream (terminal output and input) beside the call channel. */
  readonly openStream: StreamOpener;
}

export function connect(): Connection {
  if (window.lab) return { api: createLabApi(window.lab), openStream: messagePortStreamOpener(window.lab, window) };
  const token = new URLSearchParams(window.location.search).get('token');
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${window.location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const socket = new WebSocketBridge(url);
  // The token now lives in an HttpOnly cookie too: keep it out of screenshots and shared screens.
  if (token) window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  return { api: createLabApi(socket), socket, openStream: webSocketStreamOpener(window.location) };
}
