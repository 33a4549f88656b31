/**
 * The SqlRunner: rendered SQL run for one dialect, the seam between the dialect-neutral store code
 * (sql-store.ts, rules-sql.ts) and each dialect's connection.
 */
import type { SQL } from 'drizzle-orm';
import type { OsmObject } from '../electron/contract/domain.js';

/**
 * Positions as columns, oldest first: `count` of each array is filled; epoch ms, lon/lat in 1e-7
 * degrees (as stored), NaN where a position had no speed, heading or altitude.
 */
export interface PositionColumns {
  count: number;
  t: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  speed: Float64Array;
  heading: Float64Array;
  altitude: Float64Array;
}

/** Runs rendered SQL for one dialect and encodes/decodes what differs between them. */
export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(query: SQL): Promise<T[]>;
  /** A JSON value as a bound parameter (text for SQLite, text cast by Postgres to JSONB). */
  json(value: unknown): unknown;
  bool(value: boolean): unknown;
  /** A JSON column as read back (SQLite: text to parse; Postgres: already parsed). */
  decodeJson(value: unknown): unknown;
  databaseBytes(): Promise<number>;
  /** Optional: rows as arrays in column order (cheaper than objects for bulk reads). */
  allRaw?(query: SQL): Promise<unknown[][]>;
  /**
   * Optional: rows as arrays in column order, one at a time, for reads that keep only some of many
   * rows. Consume it synchronously: the connection answers nothing else until the loop ends.
   */
  iterateRaw?(query: SQL): IterableIterator<unknown[]>;
  /**
   * Optional fast path: runs `inner` (a SELECT of OBJECT_COLUMNS over alias `o`, ordered and
   * limited) and returns the objects in its order, e.g. built as one JSON document by the database.
   */
  objects?(inner: SQL): Promise<OsmObject[]>;
  /**
   * Optional fast path for tracks: `read`'s answer for the newest `keep` of the positions `rows`
   * selects (columns t, lon, lat, speed, heading, altitude, ordered by t) and how many it selected,
   * read in one pass. The columns are lent for the call only (the runner reuses them).
   */
  positionColumns?<T>(rows: SQL, keep: number, read: (columns: PositionColumns, total: number) => T): Promise<T>;
}
