import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_STREAM_CHANNEL,
  STREAM_PORT_MESSAGE,
  isCallName,
  isEventName,
  type LabBridge,
} from '../shared/contract/names';

/**
 * The renderer's only door to the app: `window.lab.call(name, input)` for the calls of the contract
 * and `window.lab.on(event, listener)` for its events. Unknown names never reach main.
 */
const bridge: LabBridge = {
  call(name, input) {
    if (!isCallName(name)) return Promise.reject(new Error(`Unknown call ${String(name)}`));
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input);
  },
  on(name, listener) {
    if (!isEventName(name)) throw new Error(`Unknown event ${String(name)}`);
    const wrapped = (_event: IpcRendererEvent, eventName: unknown, payload: unknown): void => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  },
  openStream(sessionId) {
    if (typeof sessionId !== 'string') throw new Error('openStream needs a session id');
    ipcRenderer.send(IPC_STREAM_CHANNEL, sessionId);
  },
};

/** The preload's own view of the page's window (this file compiles without the DOM library). */
declare const window: {
  readonly location: { readonly origin: string };
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
};

// A MessagePort cannot cross contextBridge; window.postMessage to our own page can carry it.
ipcRenderer.on(IPC_STREAM_CHANNEL, (event, sessionId: unknown) => {
  if (typeof sessionId === 'string') window.postMessage({ [STREAM_PORT_MESSAGE]: sessionId }, window.location.origin, event.ports);
});

contextBridge.exposeInMainWorld('lab', bridge);
