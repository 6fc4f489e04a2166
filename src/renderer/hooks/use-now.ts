import { useEffect, useState } from 'react';

/**
 * The time, refreshed every `everyMs`: enough for words like "until 10:43" without a render per
 * second. While `ticking` is false the time stands still, so a view with nothing to count does
 * not redraw.
 */
export function useNow(everyMs: number, ticking = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, ticking]);
  return now;
}
