/** The ingest benchmarks' workload: a fleet of moving points reporting in turn. */
import type { IngestOp } from '../../db/store.js';

/** Objects in the fleet. */
export const BENCH_OBJECTS = 100_000;

/** The i-th update: object i mod BENCH_OBJECTS at a slightly moved position, observed at t0 + i ms. */
export function benchUpdate(sourceId: string, i: number, t0: number): IngestOp {
  const k = i % BENCH_OBJECTS;
  const lon = ((k * 0.0036) % 360) - 180 + (i % 97) * 1e-4;
  const lat = ((k * 0.0017) % 170) - 85 + (i % 89) * 1e-4;
  return {
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId: `v${k}`,
    tags: { kind: 'ship', name: `vessel ${k}`, speed: i % 30, heading: i % 360 },
    geom: { type: 'Point', coordinates: [lon, lat] },
    observedAt: t0 + i,
  };
}
