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
