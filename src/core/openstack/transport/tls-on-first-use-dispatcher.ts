import { Dispatcher } from 'undici';

/**
 * One dispatcher over two pools made when first needed: the one for plain HTTP, and the one for
 * TLS (an https:// origin, or every origin when the proxy itself speaks TLS). What only TLS needs
 * (the deferred extra CA certificates) is then not read by a process that talks to an http:// cloud.
 */
export class TlsOnFirstUseDispatcher extends Dispatcher {
  #plain: Dispatcher | undefined;
  #secure: Dispatcher | undefined;

  constructor(
    private readonly make: (secure: boolean) => Dispatcher,
    private readonly alwaysSecure: boolean,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const secure = this.alwaysSecure || String(options.origin ?? '').startsWith('https:');
    const pool = secure ? (this.#secure ??= this.make(true)) : (this.#plain ??= this.make(false));
    return pool.dispatch(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    return settle(
      this.pools().map((pool) => pool.close()),
      callback,
    );
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(first?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const error = typeof first === 'function' ? null : (first ?? null);
    return settle(
      this.pools().map((pool) => pool.destroy(error)),
      typeof first === 'function' ? first : callback,
    );
  }

  private pools(): Dispatcher[] {
    return [this.#plain, this.#secure].filter((pool): pool is Dispatcher => pool !== undefined);
  }
}

/** undici's two styles: a promise, or a callback once every pool is done. */
function settle(done: Promise<void>[], callback: (() => void) | undefined): Promise<void> | void {
  const all = Promise.all(done).then(() => undefined);
  if (!callback) return all;
  void all.then(callback);
}
