import { ClientMessageSplitter, type ClientMessage } from './rfb-client-messages';
import type { RfbServerSession } from './rfb-server-handshake';
import { UpdateGatherer } from './update-gatherer';
import { VncError } from './vnc-errors';

export interface ConversationOptions {
  /** Bytes for the UI's RFB client. */
  readonly send: (data: Uint8Array) => void;
  /** The learner sent input (keys, pointer, clipboard). */
  readonly onInput: () => void;
  /** The conversation is over: the server went, or a side said something that cannot be followed. */
  readonly onEnd: (error: VncError) => void;
  /** Drop the learner's input and desktop resizes; the rest flows (the picture must stay current). */
  readonly readOnly: boolean;
  /** Pause the server when this many bytes went to the UI unacknowledged; go on at `lowWatermark`. */
  readonly highWatermark: number;
  readonly lowWatermark: number;
}

/** The security handshake the UI's client sees: RFB 3.8, one type ("None"), then OK (RFC 6143 §7.1). */
const GREETING = Buffer.from('RFB 003.008\n', 'latin1');
const NONE_ONLY = Buffer.from([1, 1]);
const SECURITY_OK = Buffer.alloc(4);

type Phase = 'version' | 'security' | 'client-init' | 'relay' | 'ended';

/**
 * One RFB conversation between the UI's client (noVNC) and a server the app has already
 * authenticated to: the UI's client is greeted with a handshake that needs no password (the password
 * never leaves the app), gets the server's own ServerInit, and from there on the server's bytes go
 * down as they come — flow-controlled by the UI's acknowledgements, which pause the server's socket
 * — and the client's bytes go up message by message (ClientMessageSplitter), so that input counts
 * as the learner's activity, or is dropped on a read-only connection.
 */
export class RfbClientConversation {
  private phase: Phase = 'version';
  private fromClient = Buffer.alloc(0);
  private readonly splitter = new ClientMessageSplitter();
  /** Server bytes that came before the UI's client was past its handshake. */
  private early: Buffer[] = [];
  private unacknowledged = 0;
  private paused = false;
  /** The server's updates, gathered into fewer messages while they stream (update-gatherer.ts). */
  private readonly updates: UpdateGatherer;
  private readonly onServerData = (chunk: Buffer): void => this.serverData(chunk);
  private readonly onServerClose = (): void => this.end(new VncError('closed-early', { key: 'vnc.serverClosed' }));
  private readonly onServerError = (error: Error): void =>
    this.end(new VncError('connection-failed', { key: 'vnc.connectionFailed', params: { detail: error.message } }, { cause: error }));

  constructor(
    private readonly server: RfbServerSession,
    private readonly options: ConversationOptions,
  ) {
    this.updates = new UpdateGatherer((data) => this.options.send(data));
    if (server.leftover.length > 0) this.early.push(server.leftover);
    server.socket.on('data', this.onServerData);
    server.socket.on('end', this.onServerClose);
    server.socket.on('close', this.onServerClose);
    server.socket.on('error', this.onServerError);
  }

  /** Greets the UI's client; what the server sends from here on flows. */
  start(): void {
    this.server.socket.resume();
    this.deliver(GREETING);
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** Bytes the UI's client sent. */
  receive(chunk: Buffer): void {
    if (this.phase === 'ended') return;
    if (this.phase === 'relay') return this.relay(chunk);
    this.fromClient = Buffer.concat([this.fromClient, chunk]);
    try {
      this.handshake();
    } catch (error) {
      this.end(error instanceof VncError ? error : new VncError('protocol-failure', String(error)));
    }
  }

  /** The UI consumed `bytes` more of what it was sent. */
  ack(bytes: number): void {
    this.unacknowledged = Math.max(0, this.unacknowledged - bytes);
    if (this.paused && this.unacknowledged <= this.options.lowWatermark) {
      this.paused = false;
      this.server.socket.resume();
    }
  }

  /** Ends the conversation and the server connection with it (a stream that went, the session closing). */
  close(): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.updates.drop();
    this.detach();
    this.server.close();
  }

  private handshake(): void {
    const take = (bytes: number): Buffer | undefined => {
      if (this.fromClient.length < bytes) return undefined;
      const taken = this.fromClient.subarray(0, bytes);
      this.fromClient = this.fromClient.subarray(bytes);
      return taken;
    };
    if (this.phase === 'version') {
      const version = take(12);
      if (!version) return;
      if (!/^RFB 003\.00[378]\n$/.test(version.toString('latin1')))
        throw new VncError('protocol-failure', 'The VNC client in the window did not answer with an RFB version.');
      this.phase = 'security';
      this.deliver(NONE_ONLY);
    }
    if (this.phase === 'security') {
      const type = take(1);
      if (!type) return;
      if (type[0] !== 1) throw new VncError('protocol-failure', `The VNC client in the window chose security type ${type[0]}, not None.`);
      this.phase = 'client-init';
      this.deliver(SECURITY_OK);
    }
    if (this.phase === 'client-init') {
      // Its shared flag is not passed on: the app asked the server for a shared session already.
      if (!take(1)) return;
      this.phase = 'relay';
      this.deliver(this.server.serverInit);
      for (const chunk of this.early.splice(0)) this.deliver(chunk);
      const rest = this.fromClient;
      this.fromClient = Buffer.alloc(0);
      if (rest.length > 0) this.relay(rest);
    }
  }

  private relay(chunk: Buffer): void {
    let messages: ClientMessage[];
    try {
      messages = this.splitter.push(chunk);
    } catch (error) {
      this.end(error instanceof VncError ? error : new VncError('protocol-failure', String(error)));
      return;
    }
    let input = false;
    for (const message of messages) {
      if (message.kind !== 'protocol') {
        if (this.options.readOnly) continue;
        if (message.kind === 'input') input = true;
      }
      this.server.socket.write(message.bytes);
    }
    if (input) this.options.onInput();
  }

  private serverData(chunk: Buffer): void {
    if (this.phase === 'ended') return;
    if (this.phase !== 'relay') {
      this.early.push(chunk);
      return;
    }
    this.count(chunk);
    this.updates.push(chunk);
  }

  /** Handshake bytes (and what came before the handshake ended), after anything held: sent at once. */
  private deliver(data: Buffer): void {
    this.count(data);
    this.updates.flush();
    this.options.send(data);
  }

  /** Bytes counted as sent when they are taken, held or not, so the window holds. */
  private count(data: Buffer): void {
    this.unacknowledged += data.length;
    if (!this.paused && this.unacknowledged >= this.options.highWatermark) {
      this.paused = true;
      this.server.socket.pause();
    }
  }

  private detach(): void {
    const { socket } = this.server;
    socket.off('data', this.onServerData);
    socket.off('end', this.onServerClose);
    socket.off('close', this.onServerClose);
    socket.off('error', this.onServerError);
    // An error after we let go must not become an uncaught exception.
    socket.on('error', () => undefined);
  }

  private end(error: VncError): void {
    if (this.phase === 'ended') return;
    this.close();
    this.options.onEnd(error);
  }
}
