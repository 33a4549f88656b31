/**
 * Paces the simulator: how many object updates are due since the last tick at a given rate, and
 * which objects they are (round robin), with strictly increasing observation times per object.
 */
import type { SimWorld } from './sim-world.js';
import { simObjectToNative } from './sim-world.js';

export interface SimPacer {
  /** Native objects due at `now` (epoch ms); never more than one second's worth at once. */
  take(now: number, max?: number): Record<string, unknown>[];
  /** Forgets the backlog (after a pause), so output does not burst. */
  rebase(now: number): void;
}

/** Creates a pacer emitting `ratePerS` updates per second over the world's objects. */
export function createSimPacer(world: SimWorld, ratePerS: number, start: number): SimPacer {
  const count = world.objects.length;
  // Simulated time between two updates of the same object.
  const dtPerObject = count / ratePerS;
  const lastObserved = new Array<number>(count).fill(0);
  let base = start;
  let emitted = 0;
  let cursor = 0;
  return {
    take(now, max = Number.POSITIVE_INFINITY) {
      let due = Math.floor(((now - base) * ratePerS) / 1000) - emitted;
      const cap = Math.max(1, Math.ceil(ratePerS));
      if (due > cap) {
        // Fell behind by more than a second (a pause, a slow consumer): skip the backlog.
        emitted += due - cap;
        due = cap;
      }
      const n = Math.max(0, Math.min(due, max));
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) {
        const o = world.step(cursor, dtPerObject);
        const observed = Math.max(now, (lastObserved[cursor] ?? 0) + 1);
        lastObserved[cursor] = observed;
        out.push(simObjectToNative(o, observed));
        cursor = (cursor + 1) % count;
      }
      emitted += n;
      return out;
    },
    rebase(now) {
      base = now;
      emitted = 0;
    },
  };
}
