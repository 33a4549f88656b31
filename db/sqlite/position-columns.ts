/**
 * Positions read as columns (a track): a JS aggregate on the reader connection copies each row's six
 * numbers into growing typed arrays as SQLite steps, so an 86,400-position day costs neither a row
 * array per position (better-sqlite3's rows) nor SQLite printing and JS parsing 518,400 numbers as
 * JSON text (json_group_array). Synchronous: one collection runs at a time on a connection.
 */
import type Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { PositionColumns } from '../sql-runner.js';

/** The aggregate's name on the connection. */
const AGGREGATE = 'tracker_position_columns';
const FIRST_CAPACITY = 1024;
/**
 * The largest columns a reader keeps for its next collection (6 × 8 B × 2^17 = 6 MiB): a day at 1 Hz
 * fits. Allocating them afresh for each track was a third of the collection's time (zero-filled
 * ArrayBuffers outside the heap, and the collections their size asks for).
 */
const MAX_REUSED = 2 ** 17;

/** Typed columns with room for `capacity` positions, the first `keep` of `from` copied over. */
function allocate(capacity: number, from?: PositionColumns, keep = 0): PositionColumns {
  const column = (old?: Float64Array) => {
    const next = new Float64Array(capacity);
    if (old) next.set(old.subarray(0, keep));
    return next;
  };
  return {
    count: keep,
    t: column(from?.t),
    lon: column(from?.lon),
    lat: column(from?.lat),
    speed: column(from?.speed),
    heading: column(from?.heading),
    altitude: column(from?.altitude),
  };
}

/**
 * The newest `keep` of the rows, oldest first: a ring once full (`next` is where the next row goes),
 * turned back into order at the end. It starts in `reuse` (a previous collection's columns) when
 * given, using at most `keep` of it.
 */
class Collector {
  cols: PositionColumns;
  private capacity: number;
  private next = 0;
  private seen = 0;

  constructor(
    private readonly keep: number,
    reuse: PositionColumns | undefined,
  ) {
    this.cols = reuse ?? allocate(Math.min(FIRST_CAPACITY, keep));
    this.capacity = Math.min(this.cols.t.length, keep);
  }

  add(t: number, lon: number, lat: number, speed: number | null, heading: number | null, altitude: number | null) {
    let c = this.cols;
    if (this.next === this.capacity && this.seen < this.keep) {
      this.capacity = Math.min(this.keep, this.capacity * 2);
      c = this.cols = allocate(this.capacity, c, this.next);
    }
    if (this.next === this.capacity) this.next = 0;
    const i = this.next++;
    c.t[i] = t;
    c.lon[i] = lon;
    c.lat[i] = lat;
    c.speed[i] = speed ?? Number.NaN;
    c.heading[i] = heading ?? Number.NaN;
    c.altitude[i] = altitude ?? Number.NaN;
    this.seen++;
  }

  /** The kept positions oldest first, and how many rows there were in all. */
  finish(): { columns: PositionColumns; total: number } {
    const c = this.cols;
    const count = Math.min(this.seen, this.capacity);
    if (this.seen <= this.capacity) return { columns: { ...c, count }, total: this.seen };
    // Wrapped: the oldest kept row is at `next`.
    const ordered = allocate(count);
    ordered.count = count;
    for (const k of ['t', 'lon', 'lat', 'speed', 'heading', 'altitude'] as const) {
      ordered[k].set(c[k].subarray(this.next, count), 0);
      ordered[k].set(c[k].subarray(0, this.next), count - this.next);
    }
    return { columns: ordered, total: this.seen };
  }
}

/**
 * Registers the aggregate on `db` and returns `collect(rows, keep, read)`: `read` is called with the
 * newest `keep` of the positions `rows` selects (columns t, lon, lat, speed, heading, altitude, oldest
 * first) and how many it selected, and its answer returned. The columns are lent to `read` for the
 * call only: the next collection on this connection writes over them.
 */
export function positionColumnsReader(
  db: Database.Database,
  statement: (q: SQL) => { stmt: Database.Statement; params: unknown[] },
) {
  let current: Collector | undefined;
  let reuse: PositionColumns | undefined;
  type Num = number | null;
  const step = (total: number, t: number, lon: number, lat: number, speed: Num, heading: Num, altitude: Num) => {
    current!.add(t, lon, lat, speed, heading, altitude);
    return total + 1;
  };
  // better-sqlite3 counts the SQL arguments from step's own length (six after the total); its
  // typings know only one.
  db.aggregate(AGGREGATE, { start: 0, step: step as unknown as (total: number, next: number) => number });
  return <T>(rows: SQL, keep: number, read: (columns: PositionColumns, total: number) => T): T => {
    const lent = reuse;
    // Taken while in use: a collection started by `read` gets columns of its own.
    reuse = undefined;
    const collector = new Collector(Math.max(1, keep), lent);
    current = collector;
    try {
      const { stmt, params } = statement(
        sql`SELECT ${sql.raw(AGGREGATE)}(t, lon, lat, speed, heading, altitude) FROM (${rows}) x`,
      );
      stmt.get(...params);
      current = undefined;
      const { columns, total } = collector.finish();
      return read(columns, total);
    } finally {
      current = undefined;
      reuse = collector.cols.t.length <= MAX_REUSED ? collector.cols : lent;
    }
  };
}
