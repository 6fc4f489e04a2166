/**
 * Runs `work` over `items` with at most `limit` in flight, keeping the results in order.
 * Bundles are hundreds of small files: overlapping their I/O is most of the import time.
 * After the first failure no new work starts, and the call settles only once the work in
 * flight has finished, so a caller may clean up (delete a staging folder) without a late
 * write recreating it.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!firstError && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError) throw firstError.error;
  return results;
}

/** Runs the work handed to it with at most a fixed number in flight (see boundedRunner). */
export type BoundedRunner = <R>(work: () => Promise<R>) => Promise<R>;

/**
 * A runner that starts the work handed to it in the order it was handed, at most `limit` at once;
 * unlike mapBounded, work may be added while earlier work runs (a listing adds each project's
 * event reads as soon as that project is listed). A failure only settles its own call.
 */
export function boundedRunner(limit: number): BoundedRunner {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A freed slot passes straight to the longest-waiting work: were it counted free until that work
  // woke, work handed in meanwhile would take it too and the bound would be exceeded.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <R>(work: () => Promise<R>): Promise<R> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      release();
    }
  };
}
