/** Calls `run` at most once per `intervalMs` (the first call at once, later ones dropped until then). */
export function throttle(run: () => void, intervalMs: number, now: () => number = () => performance.now()): () => void {
  let last = -Infinity;
  return () => {
    const at = now();
    if (at - last < intervalMs) return;
    last = at;
    run();
  };
}
