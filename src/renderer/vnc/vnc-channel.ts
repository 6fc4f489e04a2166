import type { RfbChannel } from '@novnc/novnc';
import { nativeViewerEncodings } from './native-viewer-encodings';
import { UpdateRequestPacer } from './update-request-pacer';

/**
 * What noVNC's RFB takes instead of a WebSocket: an open channel of the same shape, over the
 * session's stream. noVNC checks that these members exist (own or on the prototype) and sets its
 * handlers on them; `deliver` hands it the server's bytes, and what it sends goes to `send` (its
 * encodings as native viewers ask: native-viewer-encodings.ts; its update requests once per paint:
 * update-request-pacer.ts).
 */
export class VncChannel implements RfbChannel {
  binaryType = 'arraybuffer';
  readonly protocol = '';
  // noVNC reads RTCDataChannel's states too: 'open' at once, so it starts the handshake when attached.
  readyState: 'open' | 'closed' = 'open';
  onopen: RfbChannel['onopen'] = null;
  onmessage: RfbChannel['onmessage'] = null;
  onclose: RfbChannel['onclose'] = null;
  onerror: RfbChannel['onerror'] = null;

  private readonly requests: UpdateRequestPacer;

  constructor(
    private readonly sendBytes: (data: Uint8Array) => void,
    /** noVNC let go of the channel (it disconnected, or failed). */
    private readonly onClosed: () => void = () => undefined,
    /** When the page has painted (update requests wait for it); the next animation frame by default. */
    afterPaint?: (run: () => void) => void,
  ) {
    this.requests = new UpdateRequestPacer((request) => {
      if (this.readyState === 'open') this.sendBytes(request);
    }, afterPaint);
  }

  /** Server bytes for noVNC: it copies them into its receive queue and handles them at once. */
  deliver(bytes: Uint8Array): void {
    if (this.readyState !== 'open') return;
    const data =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    this.onmessage?.({ data });
  }

  send(data: Uint8Array): void {
    if (this.readyState !== 'open') return;
    // noVNC reuses its send buffer: the caller must copy before this returns (base64 does).
    if (this.requests.hold(data)) return;
    this.sendBytes(nativeViewerEncodings(data));
  }

  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.requests.drop();
    this.onClosed();
    // noVNC finishes disconnecting on the close event, as a WebSocket would send it.
    setTimeout(() => this.onclose?.({ code: 1000, reason: '', wasClean: true }), 0);
  }
}
