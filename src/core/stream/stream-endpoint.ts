import type { StreamDown } from '../../shared/stream';

/** One transport's end of a live session's stream (a WebSocket, a MessagePort), as the app sees it. */
export interface StreamEndpoint {
  /** Output bytes, sent as they are (a binary frame, a transferred buffer). */
  sendData(data: Uint8Array): void;
  sendControl(message: StreamDown): void;
  /** Ends the transport; the session stays and another stream may attach. */
  close(): void;
}

/** What a transport gets back when it attaches: where to hand what the UI sends, and how to let go. */
export interface AttachedStream {
  /** A control message from the UI, unvalidated (a JSON string or a structured-clone object). */
  receive(raw: unknown): void;
  /** The transport closed. */
  detach(): void;
}

export interface StreamSessions {
  /** Undefined when no such session exists (closed, or never opened here). */
  attach(sessionId: string, endpoint: StreamEndpoint): AttachedStream | undefined;
}
