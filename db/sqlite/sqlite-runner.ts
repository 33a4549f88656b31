/**
 * The SQLite store's reader: drizzle `sql` rendered once per text and run through a bounded cache of
 * prepared statements on the main connection, plus SQLite-built JSON pages of objects.
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { OsmObject } from '../../electron/contract/domain.js';
import type { SqlRunner } from '../sql-runner.js';
import { positionColumnsReader } from './position-columns.js';

const STATEMENT_CACHE = 200;

const iso = (column: string): string => `strftime('%Y-%m-%dT%H:%M:%fZ', o.${column} / 1000.0, 'unixepoch')`;
/**
 * One OsmObject as JSON text, built by SQLite: the stored tags/geom are JSON written by the batch
 * writer and are spliced in as-is; every other text goes through json_quote. strftime's
 * millisecond ISO form equals Date#toISOString for every epoch-ms value we store.
 */
const OBJECT_JSON = sql.raw(
  `'{"id":' || json_quote(o.id) || ',"osm_id":' || json_quote(o.osm_id) || ',"type":' || json_quote(o.type) ||
  ',"tags":' || o.tags || ',"geom":' || o.geom || ',"source_id":' || json_quote(o.source_id) ||
  ',"tainted":' || (CASE WHEN o.tainted THEN 'true' ELSE 'false' END) ||
  coalesce(',"overrides":' || o.tag_overrides, '') ||
  ',"observed_at":"' || ${iso('observed_at')} || '","created_at":"' || ${iso('created_at')} ||
  '","updated_at":"' || ${iso('updated_at')} || '"}'`,
);

/**
 * Drizzle `sql` → a prepared statement on `db` (one per rendered text, the oldest dropped past a
 * bound) and its parameters, booleans bound as 0/1. `raw` statements answer rows as arrays. Used by
 * the reader below and by the writer thread's own SQL (retention steps).
 */
export function createStatementCache(db: Database.Database) {
  const dialect = new SQLiteSyncDialect();
  const cache = new Map<string, Database.Statement>();
  return (query: SQL, raw = false): { stmt: Database.Statement; params: unknown[] } => {
    const { sql: rendered, params } = dialect.sqlToQuery(query);
    const text = raw ? `/* raw */ ${rendered}` : rendered;
    let stmt = cache.get(text);
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      stmt = db.prepare(text);
      if (raw) stmt.raw(true);
      cache.set(text, stmt);
    }
    return { stmt, params: params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)) };
  };
}

/** The SqlRunner over connection `db` of the database file at `path`. */
export function createSqliteRunner(db: Database.Database, path: string): SqlRunner {
  const statement = createStatementCache(db);
  const collectPositions = positionColumnsReader(db, (q) => statement(q));
  return {
    dialect: 'sqlite',
    all<T>(query: SQL): Promise<T[]> {
      const { stmt, params } = statement(query);
      return Promise.resolve((stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[]);
    },
    allRaw(query: SQL): Promise<unknown[][]> {
      const { stmt, params } = statement(query, true);
      return Promise.resolve(stmt.all(...params) as unknown[][]);
    },
    iterateRaw(query: SQL): IterableIterator<unknown[]> {
      const { stmt, params } = statement(query, true);
      return stmt.iterate(...params) as IterableIterator<unknown[]>;
    },
    // Listing 1,000 objects: one JSON document from SQLite and one JSON.parse, instead of
    // decoding two JSON columns and three times per row in JS (the filter-query bench).
    async objects(inner: SQL): Promise<OsmObject[]> {
      const [row] = await this.all<{ j: string }>(
        sql`SELECT '[' || coalesce(group_concat(${OBJECT_JSON}, ','), '') || ']' AS j FROM (${inner}) o`,
      );
      return JSON.parse(row?.j ?? '[]') as OsmObject[];
    },
    positionColumns: (rows, keep, read) => Promise.resolve(collectPositions(rows, keep, read)),
    json: (value) => JSON.stringify(value),
    bool: (value) => (value ? 1 : 0),
    decodeJson: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
    databaseBytes: () => {
      let bytes = statSync(path).size;
      try {
        bytes += statSync(`${path}-wal`).size;
      } catch {
        // no WAL file right now
      }
      return Promise.resolve(bytes);
    },
  };
}
