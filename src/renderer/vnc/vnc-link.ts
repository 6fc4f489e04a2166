import type { StreamDown } from '../../shared/stream';
import { MAX_VNC_DATA_BYTES } from '../../shared/vnc/vnc-session';
import { ReattachingLink, type ReattachingLinkOptions } from '../api/reattaching-link';
import { toBase64 } from '../course/bytes';
import { AckAfterPaint } from '../session/ack-after-paint';
import { VncChannel } from './vnc-channel';

/** The RFB client of one conversation (noVNC's RFB in the app, a recorder in tests). */
export interface VncClient {
  disconnect(): void;
}

export interface VncLinkOptions extends ReattachingLinkOptions {
  /** Makes the client of a new conversation over its channel. */
  readonly createClient: (channel: VncChannel) => VncClient;
  /** When to acknowledge what was handed to the client; the next animation frame by default. */
  readonly afterPaint?: (run: () => void) => void;
}

/**
 * Binds one VNC session's stream to an RFB client. Each `ready` from the app starts a new RFB
 * conversation (a stream attached, or the app connected again after a drop): the old client goes,
 * and a new one is made on the conversation's first bytes — the server's greeting, as the app
 * relays it. Bytes are acknowledged after a paint, an eighth of the window at a time, so the app
 * sends no more than the page draws; what the client sends goes up in base64 pieces.
 */
export class VncLink extends ReattachingLink {
  private client: VncClient | undefined;
  private channel: VncChannel | undefined;
  private readonly acks: AckAfterPaint;
  private started = 0;

  constructor(private readonly options: VncLinkOptions) {
    super(options);
    this.acks = new AckAfterPaint(options.afterPaint);
    this.attach();
  }

  /** Conversations whose client was made so far (tests, diagnostics). */
  get conversations(): number {
    return this.started;
  }

  override dispose(): void {
    this.dropClient();
    super.dispose();
  }

  protected reset(): void {
    this.newConversation();
  }

  protected override ready(message: Extract<StreamDown, { t: 'ready' }>): void {
    this.newConversation();
    // The page asks for each update once it has painted (update-request-pacer.ts): that paces the
    // server; the window only bounds what is in flight, so an eighth of it is acknowledged at a time.
    this.acks.minimum = Math.floor(message.window / 8);
  }

  protected received(bytes: Uint8Array): void {
    if (!this.client) this.startClient();
    this.channel!.deliver(bytes);
    this.acks.add(bytes.byteLength, (acked) => this.stream?.send({ t: 'ack', bytes: acked }));
  }

  private newConversation(): void {
    this.dropClient();
    this.acks.forget();
  }

  private startClient(): void {
    const channel = new VncChannel((data) => this.send(data), undefined, this.options.afterPaint);
    this.channel = channel;
    this.started += 1;
    this.client = this.options.createClient(channel);
  }

  private dropClient(): void {
    const client = this.client;
    this.client = undefined;
    this.channel = undefined;
    client?.disconnect();
  }

  private send(data: Uint8Array): void {
    if (this.ended) return;
    for (let at = 0; at < data.length; at += MAX_VNC_DATA_BYTES) {
      this.stream?.send({ t: 'vnc-data', data: toBase64(data.subarray(at, at + MAX_VNC_DATA_BYTES)) });
    }
  }
}
