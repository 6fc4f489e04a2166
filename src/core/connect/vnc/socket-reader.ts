import type { Duplex } from 'node:stream';

/** Why a read could not be answered: the peer closed, the socket failed, or the deadline passed. */
export class SocketReadError extends Error {
  override readonly name = 'SocketReadError';
  constructor(
    readonly reason: 'closed' | 'error' | 'timeout',
    /** Bytes that had arrived but were fewer than asked for (what a server said before it went). */
    readonly partial: Buffer,
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'closed'
        ? 'the connection was closed'
        : reason === 'timeout'
          ? 'no answer in time'
          : `the connection failed (${(options?.cause as Error | undefined)?.message ?? 'error'})`,
      options,
    );
  }
}

/**
 * Reads exact byte counts from a socket for a handshake (`await read(12)`), with one deadline for
 * the whole conversation. `release()` lets go of the socket and hands back what arrived past the
 * last read, so the bytes that follow can be relayed as they are.
 */
export class SocketReader {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private waiter: { bytes: number; resolve: (data: Buffer) => void; reject: (error: Error) => void } | undefined;
  private failure: SocketReadError | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    this.serve();
  };
  private readonly onEnd = (): void => this.fail(new SocketReadError('closed', this.peek()));
  private readonly onError = (error: Error): void => this.fail(new SocketReadError('error', this.peek(), { cause: error }));
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: Duplex,
    timeoutMs: number,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
    this.timer = setTimeout(() => this.fail(new SocketReadError('timeout', this.peek())), timeoutMs);
  }

  read(bytes: number): Promise<Buffer> {
    if (this.waiter) return Promise.reject(new Error('one read at a time'));
    if (bytes === 0) return Promise.resolve(Buffer.alloc(0));
    return new Promise((resolve, reject) => {
      this.waiter = { bytes, resolve, reject };
      this.serve();
    });
  }

  async readU8(): Promise<number> {
    return (await this.read(1))[0]!;
  }

  async readU32(): Promise<number> {
    return (await this.read(4)).readUInt32BE(0);
  }

  /** A length-prefixed string (u32 length, then that many bytes), at most `limit` bytes kept. */
  async readString(limit: number): Promise<string> {
    const length = await this.readU32();
    if (length > limit) throw new SocketReadError('error', Buffer.alloc(0), { cause: new Error(`a ${length}-byte string`) });
    return (await this.read(length)).toString('utf8');
  }

  /** Bytes that arrived and were not read yet. */
  unread(): Buffer {
    return this.peek();
  }

  /** Stops listening; answers the bytes that arrived and were not read. */
  release(): Buffer {
    clearTimeout(this.timer);
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const rest = this.peek();
    this.buffered = [];
    this.bufferedBytes = 0;
    return rest;
  }

  private peek(): Buffer {
    return Buffer.concat(this.buffered, this.bufferedBytes);
  }

  private serve(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    if (this.bufferedBytes >= waiter.bytes) {
      const all = this.peek();
      const rest = all.subarray(waiter.bytes);
      this.buffered = rest.length > 0 ? [rest] : [];
      this.bufferedBytes = rest.length;
      this.waiter = undefined;
      waiter.resolve(all.subarray(0, waiter.bytes));
    } else if (this.failure) {
      this.waiter = undefined;
      waiter.reject(this.failure);
    }
  }

  private fail(error: SocketReadError): void {
    if (this.failure) return;
    this.failure = error;
    this.serve();
  }
}
