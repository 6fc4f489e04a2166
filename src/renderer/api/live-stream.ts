import { STREAM_PORT_MESSAGE, type LabBridge } from '../../shared/contract/names';
import { STREAM_PATH, parseStreamDown, type StreamDown, type StreamUp } from '../../shared/stream';
import { socketUrl } from './access-token';

/**
 * The UI's end of a live session's stream (see src/shared/stream): output bytes down, input and
 * acknowledgements up. One per session; the transport is a WebSocket in browser mode and a
 * MessagePort in Electron, and nothing above this file knows which.
 */
export interface LiveStream {
  send(message: StreamUp): void;
  close(): void;
}

export interface LiveStreamHandlers {
  onData(bytes: Uint8Array): void;
  onControl(message: StreamDown): void;
  /** The transport closed (the app ended it, or the link to the app dropped). */
  onClose(reason: string): void;
}

export type StreamOpener = (sessionId: string, handlers: LiveStreamHandlers) => LiveStream;

function deliverControl(raw: unknown, handlers: LiveStreamHandlers): void {
  const parsed = parseStreamDown(raw);
  if (parsed.ok) handlers.onControl(parsed.value);
  else console.warn(`Lab Console: ${parsed.error}`);
}

/** Browser mode: `/stream?session=ID` beside `/api`, with the same access token. */
export function webSocketStreamOpener(location: Pick<Location, 'protocol' | 'host'>, token: string): StreamOpener {
  return (sessionId, handlers) => {
    const socket = new WebSocket(socketUrl(location, STREAM_PATH, { session: sessionId }, token));
    socket.binaryType = 'arraybuffer';
    const queued: string[] = [];
    socket.onopen = () => {
      for (const text of queued.splice(0)) socket.send(text);
    };
    socket.onmessage = (message) => {
      if (message.data instanceof ArrayBuffer) handlers.onData(new Uint8Array(message.data));
      else deliverControl(message.data, handlers);
    };
    socket.onclose = (event) => handlers.onClose(event.reason || `closed (${event.code})`);
    return {
      send: (message) => {
        const text = JSON.stringify(message);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else if (socket.readyState === WebSocket.CONNECTING) queued.push(text);
      },
      close: () => socket.close(1000, 'closed by the UI'),
    };
  };
}

/**
 * Electron: the preload asks main for the session's MessagePort and posts it to this page; we take
 * only a message from our own window and origin that names this session.
 */
export function messagePortStreamOpener(bridge: LabBridge, target: Window): StreamOpener {
  return (sessionId, handlers) => {
    let port: MessagePort | undefined;
    let closed = false;
    const queued: StreamUp[] = [];
    const onWindowMessage = (event: MessageEvent): void => {
      if (event.source !== target || event.origin !== target.location.origin) return;
      const data = event.data as Record<string, unknown> | null;
      if (!data || data[STREAM_PORT_MESSAGE] !== sessionId || !event.ports[0]) return;
      target.removeEventListener('message', onWindowMessage);
      port = event.ports[0];
      if (closed) return port.close();
      port.onmessage = (message) => {
        if (message.data instanceof Uint8Array) handlers.onData(message.data);
        else deliverControl(message.data, handlers);
      };
      port.start();
      for (const up of queued.splice(0)) port.postMessage(up);
    };
    target.addEventListener('message', onWindowMessage);
    bridge.openStream?.(sessionId);
    return {
      send: (message) => (port ? port.postMessage(message) : queued.push(message)),
      close: () => {
        closed = true;
        target.removeEventListener('message', onWindowMessage);
        port?.close();
        handlers.onClose('closed by the UI');
      },
    };
  };
}
