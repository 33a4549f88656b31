/**
 * Shared pieces for `npm run bench`: every figure is reported beside a raw baseline measured in the
 * same run, printed as a table and written to bench/results/<suite>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchRow {
  /** What was measured, e.g. "bbox+tag filter, 1M objects (median ms)". */
  name: string;
  /** Our figure. */
  value: number;
  /** The raw baseline's figure in the same unit, or null when there is none (say why in `note`). */
  baseline: number | null;
  unit: string;
  /** true when a larger value is better (throughput), false for latencies/sizes. */
  higherIsBetter: boolean;
  /** The target, when the issue sets one, e.g. "<= 2x baseline and < 10 ms". */
  target?: string;
  note?: string;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}

/** Ratio of ours to baseline, oriented so > 1 means better than the baseline. */
export function advantage(row: BenchRow): number | null {
  if (row.baseline === null || row.baseline === 0 || row.value === 0) return null;
  return row.higherIsBetter ? row.value / row.baseline : row.baseline / row.value;
}

export function formatRows(rows: BenchRow[]): string {
  const lines = rows.map((r) => {
    const adv = advantage(r);
    return [
      r.name.padEnd(58),
      `${r.value.toFixed(2)} ${r.unit}`.padStart(18),
      (r.baseline === null ? 'n/a' : `${r.baseline.toFixed(2)} ${r.unit}`).padStart(18),
      (adv === null ? '' : `${adv.toFixed(2)}x`).padStart(8),
      `  ${r.target ?? ''}${r.note ? ` (${r.note})` : ''}`,
    ].join(' ');
  });
  const head = `${'measure'.padEnd(58)} ${'ours'.padStart(18)} ${'raw baseline'.padStart(18)} ${'vs raw'.padStart(8)}`;
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}

export function writeResults(suite: string, rows: BenchRow[]): string {
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${suite}.json`);
  writeFileSync(file, JSON.stringify({ suite, at: new Date().toISOString(), rows }, null, 2));
  return file;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/**
 * The naive raw path inserts the exact R*Tree entry by trigger and rewrites it on every move: the
 * triggers of 0001_rtree, not the grid-snapped entries of 0003/0004 that the app's database uses (since
 * 0004 the app's writers insert entries themselves). Raw baselines install this, and write history as
 * the app did before issue 14: one `object_history` row per update (uuid, full tags and geometry JSON),
 * so their figures stay comparable with the ones recorded before the compact history.
 */
export const NAIVE_RTREE_TRIGGER = `CREATE TABLE IF NOT EXISTS object_history (id text PRIMARY KEY NOT NULL, object_id text NOT NULL
    REFERENCES osm_objects (id) ON DELETE cascade, geom text, tags text, observed_at integer NOT NULL,
    received_at integer NOT NULL, created_at integer NOT NULL, updated_at integer NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS object_history_object_observed_uq ON object_history (object_id, observed_at);
  DROP TRIGGER osm_objects_rtree_au;
  CREATE TRIGGER osm_objects_rtree_ai AFTER INSERT ON osm_objects BEGIN INSERT INTO osm_objects_rtree
  (id, min_lon, max_lon, min_lat, max_lat) VALUES (NEW.rowid, NEW.min_lon, NEW.max_lon, NEW.min_lat, NEW.max_lat); END;
  CREATE TRIGGER osm_objects_rtree_au AFTER UPDATE OF min_lon, max_lon, min_lat, max_lat ON osm_objects
  WHEN NEW.min_lon IS NOT OLD.min_lon OR NEW.max_lon IS NOT OLD.max_lon OR NEW.min_lat IS NOT OLD.min_lat OR NEW.max_lat IS NOT OLD.max_lat
  BEGIN UPDATE osm_objects_rtree SET min_lon = NEW.min_lon, max_lon = NEW.max_lon, min_lat = NEW.min_lat, max_lat = NEW.max_lat WHERE id = NEW.rowid; END;`;
