/**
 * A value given as is, or made by a function once, at the first call that needs it — or sooner,
 * when the caller has a moment to spare (`tryMake`). What the function throws is kept and thrown at
 * each call that needs the value, not where it was made early.
 */
export class LocalOnce<T> {
  private made: { value: T } | { error: unknown } | undefined;

  constructor(private readonly given: T | (() => T)) {}

  /** Whether a function is still to be called. */
  get pending(): boolean {
    return typeof this.given === 'function' && !this.made;
  }

  get(): T {
    if (typeof this.given !== 'function') return this.given;
    this.tryMake();
    if ('error' in this.made!) throw this.made.error;
    return this.made!.value;
  }

  /** Makes the value now if it is still to be made; a failure waits for get(). */
  tryMake(): void {
    if (!this.pending) return;
    try {
      this.made = { value: (this.given as () => T)() };
    } catch (error) {
      this.made = { error };
    }
  }
}
