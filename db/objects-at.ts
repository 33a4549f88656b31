/**
 * One page of the objects as they were at a moment (issue 14), with the total: the relation of
 * db/history-sql.ts filtered, sorted and paged, and each row built into an OsmObject from its stored
 * parts. Both dialects; SQLite sorts in JS (see `readObjectsAt`).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ObjectSort, ObjectType, OsmObject } from '../electron/contract/domain.js';
import { positionGeometry, tagsAtPosition } from './history-rows.js';
import { AT_COLUMNS, objectsAtSql } from './history-sql.js';
import { compareRowsAsSqlite, orderBy, sortKey } from './object-order.js';
import { batchIso } from './object-rows.js';
import type { SqlRunner } from './sql-runner.js';

/** Which page of the objects at `at` (epoch ms). */
export interface ObjectsAtPage {
  at: number;
  sort?: ObjectSort;
  limit: number;
  offset: number;
}

/** Past this many rows before the page's end, SQLite's sorter pages (JS would hold them all). */
const MAX_ROWS_SORTED_HERE = 50_000;
/** AT_COLUMNS' count: the sort key (or the total) follows them. */
const AT_COLUMN_COUNT = 15;
/** Sort fields whose value AT_COLUMNS holds already (sortKey is that column), by position. */
const AT_COLUMN_OF: Partial<Record<ObjectSort['field'], number>> = {
  source_id: 1,
  type: 2,
  osm_id: 3,
  observed_at: 12,
  created_at: 13,
  updated_at: 14,
};

/**
 * Rows `offset` to `offset + limit` of `rows` in `compare` order, and how many rows there were,
 * holding no more than about twice the rows up to the page's end: one sort at the end is cheapest,
 * and past that the rows that can no longer be on the page are dropped.
 */
export function pageOf<T>(
  rows: Iterable<T>,
  compare: (a: T, b: T) => number,
  offset: number,
  limit: number,
  slack = 1000,
): { page: T[]; total: number } {
  const end = offset + limit;
  const kept: T[] = [];
  let total = 0;
  for (const row of rows) {
    total++;
    kept.push(row);
    if (kept.length >= 2 * end + slack) {
      kept.sort(compare);
      kept.length = end;
    }
  }
  kept.sort(compare);
  return { page: kept.slice(offset, end), total };
}

/** A nullable numeric column as a number or null. */
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * `readObjectsAt(whereSql, page)` over `run`; `count` answers a page that has no row to count by.
 */
export function createObjectsAtReader(run: SqlRunner, count: (whereSql: SQL, at: number) => Promise<number>) {
  // Built here rather than by toOsmObject: the tags are already a fresh null-prototype map, and the
  // times share few minutes (batchIso).
  const toObject = (r: unknown[]): OsmObject => ({
    id: r[0] as string,
    osm_id: r[3] as string,
    type: r[2] as ObjectType,
    tags: tagsAtPosition(run.decodeJson(r[4]), num(r[5]), num(r[6]), num(r[7])),
    geom: positionGeometry(r[8] as number, r[9] as number, run.decodeJson(r[10])),
    source_id: r[1] as string,
    tainted: Boolean(r[11]),
    observed_at: batchIso(Number(r[12])),
    created_at: batchIso(Number(r[13])),
    updated_at: batchIso(Number(r[14])),
  });

  /** Sorted and paged by the database, the total in the same pass (the relation is costly to walk twice). */
  const sortedThere = async (whereSql: SQL, page: ObjectsAtPage) => {
    const q = sql`SELECT ${AT_COLUMNS}, count(*) OVER () FROM ${objectsAtSql(run.dialect, page.at)} WHERE ${whereSql}
        ORDER BY ${orderBy(page.sort, run.dialect)} LIMIT ${page.limit} OFFSET ${page.offset}`;
    const rows = run.allRaw
      ? await run.allRaw(q)
      : (await run.all<Record<string, unknown>>(q)).map((r) => Object.values(r));
    // A page past the end has no row to carry the total: count then.
    const total =
      rows.length > 0 ? Number(rows[0]![AT_COLUMN_COUNT]) : page.offset === 0 ? 0 : await count(whereSql, page.at);
    return { items: rows.map(toObject), total };
  };

  /**
   * Sorted and paged here, SQLite's order kept (compareRowsAsSqlite). Every row of the relation is
   * computed either way (no index orders objects by their state at a moment), and SQLite's sorter
   * copies each wide row (a window for the total, then a sort: twice the cost of reading them at
   * 10k objects); so each row is read once, unsorted and unwindowed (SQLite then flattens the
   * relation and skips the columns nobody reads).
   */
  const sortedHere = (page: ObjectsAtPage, keyAt: number, rows: IterableIterator<unknown[]>) => {
    const { page: kept, total } = pageOf(rows, compareRowsAsSqlite(page.sort, keyAt, 0), page.offset, page.limit);
    return { items: kept.map(toObject), total };
  };

  /** The page of the objects at `page.at` that match `whereSql` (over alias `o`), and how many match. */
  return async function readObjectsAt(
    whereSql: SQL,
    page: ObjectsAtPage,
  ): Promise<{ items: OsmObject[]; total: number }> {
    if (page.limit === 0) return { items: [], total: await count(whereSql, page.at) };
    if (run.dialect !== 'sqlite' || !run.iterateRaw || page.offset + page.limit > MAX_ROWS_SORTED_HERE) {
      return sortedThere(whereSql, page);
    }
    const field = page.sort?.field ?? 'observed_at';
    const keyAt = AT_COLUMN_OF[field];
    const key = keyAt === undefined ? sql`, ${sortKey(field, run.dialect)}` : sql``;
    const rows = run.iterateRaw(
      sql`SELECT ${AT_COLUMNS}${key} FROM ${objectsAtSql(run.dialect, page.at)} WHERE ${whereSql}`,
    );
    return sortedHere(page, keyAt ?? AT_COLUMN_COUNT, rows);
  };
}
