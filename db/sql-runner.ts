/**
 * The SqlRunner: rendered SQL run for one dialect, the seam between the dialect-neutral store code
 * (sql-store.ts, rules-sql.ts) and each dialect's connection.
 */
import type { SQL } from 'drizzle-orm';
import type { OsmObject } from '../electron/contract/domain.js';

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
}
