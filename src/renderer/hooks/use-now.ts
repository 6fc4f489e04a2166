import { useEffect, useState } from 'react';

/** The time, refreshed every `everyMs`: enough for words like "until 10:43" without a render per second. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
