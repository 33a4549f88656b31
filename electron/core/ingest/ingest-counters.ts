/**
 * Per-source ingest counters (received, stored, rejected, last error, last message time) and an
 * updates/s meter over the last few seconds, kept in memory for status events.
 */
import type { IngestCounters } from './types.js';

/** Key used for ops not tied to a source (UI edits, API calls). */
export const NO_SOURCE = '';

export interface IngestCounterBook {
  /** The counters of one source (a copy; zeros for an unknown source). */
  get(sourceId: string): IngestCounters;
  received(sourceId: string, count: number, at: number): void;
  stored(sourceId: string, count: number): void;
  rejected(sourceId: string, count: number, error: string | null): void;
  /** Records `count` committed updates at time `at` for the rate meter. */
  committed(count: number, at: number): void;
  /** Committed updates per second over the last `windowS` seconds, ending at `now`. */
  rate(now: number): number;
}

/** Creates the counter book; `windowS` seconds of one-second buckets feed the rate. */
export function createIngestCounters(windowS = 5): IngestCounterBook {
  const bySource = new Map<string, IngestCounters>();
  const buckets = new Float64Array(windowS + 1);
  const bucketSecond = new Float64Array(windowS + 1).fill(-1);

  const entry = (sourceId: string): IngestCounters => {
    let c = bySource.get(sourceId);
    if (!c) {
      c = { received: 0, stored: 0, rejected: 0, lastError: null, lastMessageAt: null };
      bySource.set(sourceId, c);
    }
    return c;
  };

  return {
    get(sourceId) {
      const c = bySource.get(sourceId);
      return c ? { ...c } : { received: 0, stored: 0, rejected: 0, lastError: null, lastMessageAt: null };
    },
    received(sourceId, count, at) {
      const c = entry(sourceId);
      c.received += count;
      c.lastMessageAt = at;
    },
    stored(sourceId, count) {
      entry(sourceId).stored += count;
    },
    rejected(sourceId, count, error) {
      const c = entry(sourceId);
      c.rejected += count;
      if (error !== null) c.lastError = error;
    },
    committed(count, at) {
      const second = Math.floor(at / 1000);
      const slot = second % buckets.length;
      if (bucketSecond[slot] !== second) {
        bucketSecond[slot] = second;
        buckets[slot] = 0;
      }
      buckets[slot]! += count;
    },
    rate(now) {
      // Whole seconds before the current one, so a half-filled current bucket does not halve the rate.
      const current = Math.floor(now / 1000);
      let sum = 0;
      for (let s = current - windowS; s < current; s++) {
        const slot = s % buckets.length;
        if (bucketSecond[slot] === s) sum += buckets[slot]!;
      }
      return sum / windowS;
    },
  };
}
