import type { WebSocket } from 'ws';
import { MAX_CONTROL_BYTES, SESSION_ID_PATTERN } from '../shared/stream';
import type { StreamSessions } from '../core/stream/stream-endpoint';
import type { Logger } from '../core/log/logger';
import { describeError } from './process-guard';

/** Close codes (RFC 6455 §7.4.2: 4000–4999 are the application's). */
export const STREAM_CLOSE = { unknownSession: 4404, replaced: 4409, protocol: 1008, internal: 1011 } as const;

/** Validates `?session=` before the upgrade: undefined when it is not a session id at all. */
export function sessionIdOf(query: URLSearchParams): string | undefined {
  const id = query.get('session');
  return id && SESSION_ID_PATTERN.test(id) ? id : undefined;
}

/**
 * Browser mode's stream for one live session: output as binary frames, control messages as JSON
 * text frames (validated by the session). The socket's own buffer is not the flow control — the
 * session's acknowledgement window is — so `bufferedAmount` stays within that window.
 */
export function attachStreamSocket(ws: WebSocket, sessions: StreamSessions, sessionId: string, logger: Logger): void {
  const attached = sessions.attach(sessionId, {
    sendData: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
    },
    sendControl: (message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
    close: () => ws.close(STREAM_CLOSE.replaced, 'stream ended'),
  });
  if (!attached) {
    ws.close(STREAM_CLOSE.unknownSession, 'no such session');
    return;
  }
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      logger.warn('binary frame on a session stream refused', { sessionId });
      return;
    }
    const text = data.toString();
    if (text.length > MAX_CONTROL_BYTES) {
      ws.close(STREAM_CLOSE.protocol, 'control message too large');
      return;
    }
    try {
      attached.receive(text);
    } catch (error) {
      logger.error('stream message failed', { sessionId, error: describeError(error) });
      ws.close(STREAM_CLOSE.internal, 'internal error');
    }
  });
  ws.on('close', () => attached.detach());
  ws.on('error', (error) => logger.warn('stream socket error', { sessionId, error: error.message }));
}
