import type { LabApi, LabBridge } from '../../shared/contract';
import { createLabApi } from './lab-client';
import { socketUrl, takeAccessToken } from './access-token';
import { WebSocketBridge } from './ws-bridge';
import { deferredStreamOpener } from './deferred-stream-opener';
import type { StreamOpener } from './live-stream';

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
  const bridge = window.lab;
  if (bridge)
    return {
      api: createLabApi(bridge),
      openStream: deferredStreamOpener(() => import('./live-stream').then((m) => m.messagePortStreamOpener(bridge, window))),
    };
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  const token = takeAccessToken(window.location, window.history, storage);
  const socket = new WebSocketBridge(token === undefined ? undefined : socketUrl(window.location, '/api', {}, token));
  const openStream = deferredStreamOpener(() => import('./live-stream').then((m) => m.webSocketStreamOpener(window.location, token ?? '')));
  return { api: createLabApi(socket), socket, openStream };
}
