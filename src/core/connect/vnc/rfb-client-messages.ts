import { VncError } from './vnc-errors';

/**
 * What a client message (RFC 6143 §7.5, and the extensions noVNC sends) means to the app: the
 * learner's `input` (keys, pointer, clipboard, power actions) counts as activity and is dropped on a
 * read-only connection; `resize` changes the shared desktop (dropped read-only too); `protocol`
 * is the client keeping its picture current (update requests, encodings, fences).
 */
export type ClientMessageKind = 'input' | 'resize' | 'protocol';

export interface ClientMessage {
  readonly kind: ClientMessageKind;
  readonly type: number;
  readonly bytes: Buffer;
}

/** A clipboard longer than this from the UI is not a clipboard (noVNC sends what the learner copied). */
export const MAX_CLIENT_CUT_TEXT = 16 * 1024 * 1024;

/** Length of the message at the start of `data` (≥ 1 byte), or undefined while its header is incomplete. */
function messageLength(data: Buffer): number | undefined {
  const type = data[0]!;
  const need = (bytes: number): boolean => data.length >= bytes;
  switch (type) {
    case 0: // SetPixelFormat
      return 20;
    case 2: // SetEncodings: u16 count of s32
      return need(4) ? 4 + 4 * data.readUInt16BE(2) : undefined;
    case 3: // FramebufferUpdateRequest
      return 10;
    case 4: // KeyEvent
      return 8;
    case 5: // PointerEvent
      return 6;
    case 6: {
      // ClientCutText; a negative length is the extended clipboard format (its size is the absolute value)
      if (!need(8)) return undefined;
      const length = Math.abs(data.readInt32BE(4));
      if (length > MAX_CLIENT_CUT_TEXT) throw new VncError('protocol-failure', `The VNC client sent a clipboard of ${length} bytes.`);
      return 8 + length;
    }
    case 150: // EnableContinuousUpdates
      return 10;
    case 248: // ClientFence: flags, then a u8 length of at most 64 bytes
      return need(9) ? 9 + data[8]! : undefined;
    case 250: // xvp (reboot, shutdown, reset)
      return 4;
    case 251: // SetDesktopSize: u8 screen count at offset 6, 16 bytes a screen
      return need(8) ? 8 + 16 * data[6]! : undefined;
    case 255: // QEMU client message: 0 is the extended key event
      if (!need(2)) return undefined;
      if (data[1] === 0) return 12;
      throw new VncError('protocol-failure', `The VNC client sent QEMU message ${data[1]}, which Lab Console does not relay.`);
    default:
      throw new VncError('protocol-failure', `The VNC client sent message type ${type}, which Lab Console does not relay.`);
  }
}

const KIND: Readonly<Record<number, ClientMessageKind>> = { 4: 'input', 5: 'input', 6: 'input', 250: 'input', 255: 'input', 251: 'resize' };

/**
 * Splits the client's byte stream (after ClientInit) into whole messages, so that each can be
 * judged before it reaches the server. Bytes of a message cut across stream messages wait here.
 */
export class ClientMessageSplitter {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): ClientMessage[] {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const messages: ClientMessage[] = [];
    while (data.length > 0) {
      const length = messageLength(data);
      if (length === undefined || data.length < length) break;
      const type = data[0]!;
      messages.push({ kind: KIND[type] ?? 'protocol', type, bytes: data.subarray(0, length) });
      data = data.subarray(length);
    }
    this.pending = Buffer.from(data);
    return messages;
  }
}
