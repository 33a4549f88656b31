/**
 * Ordering of object listings (objectSortSchema fields, NULLS LAST, ties broken by id) and the
 * keyset condition "after this object" that lets exports page through millions of rows cheaply.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ObjectSort, OsmObject } from '../electron/contract/domain.js';
import { fromIso, tagText } from './object-rows.js';

type Dialect = 'sqlite' | 'postgres';
const TIME_FIELDS = new Set(['observed_at', 'updated_at', 'created_at']);
/** Sort fields that are numeric tags (their names are fixed by SORT_FIELDS, never user text). */
const NUMERIC_TAGS = new Set<string>(['speed', 'altitude']);

/** The SQL expression a sort field orders by (alias `o`). */
export function sortKey(field: ObjectSort['field'], dialect: Dialect): SQL {
  if (NUMERIC_TAGS.has(field)) {
    // A numeric tag: its number, or NULL for text and missing values (they sort last).
    return dialect === 'sqlite'
      ? sql.raw(
          `(CASE WHEN json_type(o.tags, '$.${field}') IN ('integer', 'real') THEN json_extract(o.tags, '$.${field}') END)`,
        )
      : sql.raw(`(CASE WHEN jsonb_typeof(o.tags -> '${field}') = 'number' THEN (o.tags ->> '${field}')::float8 END)`);
  }
  // `field` is one of SORT_FIELDS (validated by the contract), all of them column names.
  return sql.raw(`o.${field}`);
}

/** ORDER BY body: the sort key (default observed_at desc), NULLS LAST, then id ascending. */
export function orderBy(sort: ObjectSort | undefined, dialect: Dialect): SQL {
  const dir = sort?.dir === 'asc' ? 'ASC' : 'DESC';
  return sql`${sortKey(sort?.field ?? 'observed_at', dialect)} ${sql.raw(dir)} NULLS LAST, o.id ASC`;
}

/** The value `sortKey` has for an object already read, or null. */
export function sortValue(object: OsmObject, field: ObjectSort['field']): string | number | null {
  if (TIME_FIELDS.has(field)) return fromIso(object[field as 'observed_at']);
  if (field === 'name' || field === 'kind') return tagText(object.tags[field]);
  if (NUMERIC_TAGS.has(field)) {
    const v = object.tags[field];
    return typeof v === 'number' ? v : null;
  }
  return object[field as 'osm_id' | 'type' | 'source_id'];
}

/** Rows that come after `last` in `orderBy(sort)` order. */
export function afterObject(last: OsmObject, sort: ObjectSort | undefined, dialect: Dialect): SQL {
  const field = sort?.field ?? 'observed_at';
  const key = sortKey(field, dialect);
  const value = sortValue(last, field);
  if (value === null) return sql`(${key} IS NULL AND o.id > ${last.id})`;
  const beyond = sort?.dir === 'asc' ? sql`${key} > ${value}` : sql`${key} < ${value}`;
  return sql`(${beyond} OR (${key} = ${value} AND o.id > ${last.id}) OR ${key} IS NULL)`;
}

/**
 * Text in SQLite's BINARY order (its UTF-8 bytes, which is code point order). JS `<` compares UTF-16
 * code units instead, which differs only where a surrogate (part of a code point above U+FFFF) meets
 * U+E000–U+FFFF.
 */
export function compareBinaryText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const isSurrogateX = x >= 0xd800 && x <= 0xdfff;
    if (isSurrogateX !== (y >= 0xd800 && y <= 0xdfff) && (x >= 0xe000 || y >= 0xe000)) return isSurrogateX ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Two non-null values in SQLite's ascending order: numbers by value before any text, text as BINARY. */
function compareSqliteValues(a: unknown, b: unknown): number {
  const isNumberA = typeof a === 'number';
  if (isNumberA && typeof b === 'number') return a - b;
  if (isNumberA !== (typeof b === 'number')) return isNumberA ? -1 : 1;
  return compareBinaryText(String(a), String(b));
}

/**
 * Compares rows (arrays) as SQLite's `ORDER BY ${orderBy(sort, 'sqlite')}` orders them, given each
 * row's sort key value (`sortKey`) at `keyAt` and its object id at `idAt`: for sorting rows already
 * read in JS rather than in SQLite's sorter.
 */
export function compareRowsAsSqlite(
  sort: ObjectSort | undefined,
  keyAt: number,
  idAt: number,
): (a: readonly unknown[], b: readonly unknown[]) => number {
  const sign = sort?.dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = a[keyAt];
    const y = b[keyAt];
    if (x !== y) {
      // NULLS LAST in both directions.
      if (x === null || y === null) return x === null ? 1 : -1;
      const c = compareSqliteValues(x, y);
      if (c !== 0) return sign * c;
    }
    return compareBinaryText(a[idAt] as string, b[idAt] as string);
  };
}
