import type { CallResult, LabBridge } from '../../shared/contract';
import { translator } from '../i18n/translator';
import { readAppFrame } from './app-answer';

/** `no-access`: this tab has no access token (opened at the bare address, not the printed URL). */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'no-access';

// Made when a call fails, so the message is in the language shown then.
const noAccess = (): CallResult => ({ ok: false, error: { code: 'unavailable', message: translator.t('app.connection.noAccessCall') } });

interface Pending {
  /** The app's result as sent (the API client reads it), or a failure made here. */
  resolve(result: unknown): void;
}

/**
 * Browser mode's transport: the same calls and events as Electron's IPC, over one WebSocket
 * that reconnects by itself (calls made while it is down wait for it).
 */
export class WebSocketBridge implements LabBridge {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private opened: Promise<WebSocket> | undefined;
  private retryDelay = 250;
  state: ConnectionState;

  /** `url` undefined: no access token, so no connection is tried and every call says why. */
  constructor(private readonly url: string | undefined) {
    this.state = url === undefined ? 'no-access' : 'connecting';
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private connect(url: string): Promise<WebSocket> {
    this.opened ??= new Promise<WebSocket>((resolve) => {
      const open = (): void => {
        this.setState('connecting');
        const socket = new WebSocket(url);
        socket.onopen = () => {
          this.socket = socket;
          this.retryDelay = 250;
          this.setState('open');
          resolve(socket);
        };
        socket.onmessage = (message) => this.receive(message.data);
        socket.onclose = () => {
          const wasOpen = this.socket === socket;
          this.socket = undefined;
          this.setState('closed');
          for (const [id, pending] of this.pending) {
            pending.resolve({ ok: false, error: { code: 'unavailable', message: translator.t('app.connection.lostCall') } });
            this.pending.delete(id);
          }
          if (wasOpen) this.opened = undefined;
          setTimeout(() => (wasOpen ? void this.connect(url) : open()), this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, 5000);
        };
      };
      open();
    });
    return this.opened;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    const frame = readAppFrame(data);
    if (!frame) return;
    if ('id' in frame) {
      this.pending.get(frame.id)?.resolve(frame.result);
      this.pending.delete(frame.id);
    } else {
      for (const listener of this.listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  }

  async call(name: string, input: unknown): Promise<unknown> {
    if (this.url === undefined) return noAccess();
    const socket = await this.connect(this.url);
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve) => this.pending.set(id, { resolve }));
    socket.send(JSON.stringify({ id, call: name, input }));
    return result;
  }

  on(name: string, listener: (payload: unknown) => void): () => void {
    if (this.url !== undefined) void this.connect(this.url);
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
}
