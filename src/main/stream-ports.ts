import { ipcMain, MessageChannelMain, type IpcMainEvent } from 'electron';
import { IPC_STREAM_CHANNEL } from '../shared/contract/names';
import { SESSION_ID_PATTERN } from '../shared/stream';
import type { StreamSessions } from '../core/stream/stream-endpoint';
import type { Logger } from '../core/log/logger';
import { APP_ORIGIN } from './app-protocol';

/**
 * Electron's stream for live sessions: a MessagePort pair per session. Main keeps one end and
 * transfers the other to the page (through the preload, which only forwards it). Output crosses
 * as Uint8Array (structured clone, no JSON), control messages as plain objects the session
 * validates.
 */
export function wireStreamPorts(sessions: StreamSessions, logger: Logger): () => void {
  const onOpen = (event: IpcMainEvent, sessionId: unknown): void => {
    if (!event.senderFrame?.url.startsWith(APP_ORIGIN)) {
      logger.warn('stream request from a foreign frame refused', { url: event.senderFrame?.url });
      return;
    }
    if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) return;
    const { port1, port2 } = new MessageChannelMain();
    const attached = sessions.attach(sessionId, {
      // A structured clone copies a view's whole ArrayBuffer: send exactly the bytes (ssh2's may sit in a pool).
      sendData: (data) => port1.postMessage(data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice()),
      sendControl: (message) => port1.postMessage(message),
      close: () => port1.close(),
    });
    if (!attached) {
      port1.postMessage({ t: 'end', reason: 'This session (terminal or desktop) is not open any more.' });
      port1.close();
    } else {
      port1.on('message', (message) => attached.receive(message.data));
      port1.on('close', () => attached.detach());
      port1.start();
    }
    event.sender.postMessage(IPC_STREAM_CHANNEL, sessionId, [port2]);
  };
  ipcMain.on(IPC_STREAM_CHANNEL, onOpen);
  return () => ipcMain.removeListener(IPC_STREAM_CHANNEL, onOpen);
}
