import { PerformanceObserver } from 'node:perf_hooks';
import { returnFreedMemory, type FreedMemoryReturn } from './freed-memory';

/** Calls `listener` after each garbage collection until the returned function is called. */
export type CollectionWatch = (listener: () => void) => () => void;

const watchCollections: CollectionWatch = (listener) => {
  const observer = new PerformanceObserver(listener);
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
};

export interface AfterBurstOptions {
  readonly returnFreed?: () => FreedMemoryReturn;
  readonly watch?: CollectionWatch;
  /** How long after a burst each collection is followed by giving memory back. */
  readonly windowMs?: number;
  /** From the burst's end or a collection to giving memory back: V8 frees dead buffers' memory from a background task. */
  readonly delayMs?: number;
  readonly now?: () => number;
}

/**
 * Gives the memory a burst (a terminal flood) went through back to the system: once when it ends,
 * then after every garbage collection for a while. Most of that memory is Buffers (socket reads,
 * SSH packets, the batches sent to the page) whose blocks glibc gets back only when V8 collects
 * them, and an idle process collects seconds later (V8's memory reducer), not when the burst ends:
 * given back at the end alone, a stream left glibc's heap +4 MiB (the memory bench, docs/operators.md).
 * Outside the window nothing watches the collections.
 */
export class AfterBurstMemoryReturn {
  private readonly returnFreed: () => FreedMemoryReturn;
  private readonly watch: CollectionWatch;
  private readonly windowMs: number;
  private readonly delayMs: number;
  private readonly now: () => number;
  private stopWatching: (() => void) | undefined;
  private watchUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: AfterBurstOptions = {}) {
    this.returnFreed = options.returnFreed ?? returnFreedMemory;
    this.watch = options.watch ?? watchCollections;
    this.windowMs = options.windowMs ?? 60_000;
    this.delayMs = options.delayMs ?? 500;
    this.now = options.now ?? (() => performance.now());
  }

  burstEnded(): void {
    this.watchUntil = this.now() + this.windowMs;
    this.stopWatching ??= this.watch(() => this.collected());
    this.schedule();
  }

  private collected(): void {
    if (this.now() > this.watchUntil) {
      this.stopWatching?.();
      this.stopWatching = undefined;
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.returnFreed();
    }, this.delayMs);
    this.timer.unref();
  }
}

/** The process's one: every terminal's bursts share it. */
export const afterBurstMemoryReturn = new AfterBurstMemoryReturn();
