// A clock for views that show ages ("4 s ago"), so they stay true while nothing else re-renders.
import { useEffect, useState } from 'react';

/** Epoch ms, refreshed every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
