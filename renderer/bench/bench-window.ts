// The hooks a benchmark page exposes to the Playwright harness as `window.__bench`.
import type { BenchResult } from './bench-feed.js';

export interface BenchHooks {
  ready: boolean;
  /** Runs the measured feed and resolves with frames/s. */
  run(): Promise<Omit<BenchResult, 'clickMs'>>;
  /** Starts an endless feed (for the click measurement while updates continue). */
  startFeed(): void;
  /** Container pixel position of object i. */
  screenPos(i: number): [number, number];
  /** Milliseconds from the last pointerdown to the frame after the selection, or null. */
  clickMs: number | null;
  selectedId: string | null;
}

declare global {
  interface Window {
    __bench?: BenchHooks;
  }
}

/** Records pointerdown times so a page can report click-to-frame latency. */
export function trackPointerDown(): () => number {
  let t0 = 0;
  document.addEventListener('pointerdown', (e) => (t0 = e.timeStamp), true);
  return () => t0;
}
