/**
 * Compiles an ObjectFilter into a drizzle SQL boolean expression over alias `o` (table
 * osm_objects) for SQLite or Postgres. Every user value is a bound parameter.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ObjectFilter } from '../../electron/contract/domain.js';
import { asciiLower, toResolved, type FilterContext, type ResolvedFilter } from '../../electron/filter/index.js';
import {
  OWN_STALE_TAG,
  staleClockByKind,
  staleKindGroups,
  staleLimitMs,
  TRACKED_TAGS,
} from '../../electron/contract/staleness.js';
import { pgTagSql, sqliteTagSql } from './sql-tags.js';

export type FilterDialect = 'sqlite' | 'postgres';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** `%term%` for LIKE with `\`, `%` and `_` escaped (ESCAPE '\'). */
export function likeContains(term: string): string {
  return `%${asciiLower(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function inList(column: SQL, values: readonly string[]): SQL {
  if (values.length === 0) return sql`1 = 0`;
  return sql`${column} IN (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

function bboxSql(b: readonly [number, number, number, number], dialect: FilterDialect, indexed: boolean): SQL {
  const [w, s, e, n] = b;
  if (!indexed) return sql`(o.min_lon <= ${e} AND o.max_lon >= ${w} AND o.min_lat <= ${n} AND o.max_lat >= ${s})`;
  if (dialect === 'sqlite') {
    return sql`(o.rowid IN (SELECT id FROM osm_objects_rtree WHERE min_lon <= ${e} AND max_lon >= ${w} AND min_lat <= ${n} AND max_lat >= ${s}) AND o.min_lon <= ${e} AND o.max_lon >= ${w} AND o.min_lat <= ${n} AND o.max_lat >= ${s})`;
  }
  return sql`(o.bbox && box(point(${w}::float8, ${s}::float8), point(${e}::float8, ${n}::float8)) AND o.min_lon <= ${e}::float8 AND o.max_lon >= ${w}::float8 AND o.min_lat <= ${n}::float8 AND o.max_lat >= ${s}::float8)`;
}

function textSql(term: string, dialect: FilterDialect): SQL {
  const pattern = likeContains(term);
  if (dialect === 'sqlite') {
    return sql`(coalesce(lower(o.name) LIKE ${pattern} ESCAPE '\\', 0) OR lower(o.osm_id) LIKE ${pattern} ESCAPE '\\')`;
  }
  return sql`(coalesce(translate(o.name, ${UPPER}::text, ${LOWER}::text) LIKE ${pattern}::text ESCAPE '\\', false) OR translate(o.osm_id, ${UPPER}::text, ${LOWER}::text) LIKE ${pattern}::text ESCAPE '\\')`;
}

/**
 * "Not observed within its kind's threshold": one branch per distinct threshold, the kinds that have
 * it listed by the `kind` column (the tag's text form; no stale kind is a number or a boolean's text,
 * so this is staleKindOf's "a string naming the kind"), every other kind on `other`'s threshold.
 */
function pastKindLimitSql(dialect: FilterDialect, ctx: FilterContext): SQL {
  const past = (limitMs: number | null): SQL =>
    limitMs === null
      ? sql`1 = 0`
      : dialect === 'sqlite'
        ? sql`o.observed_at < ${ctx.now - limitMs}`
        : sql`o.observed_at < ${ctx.now - limitMs}::bigint`;
  const otherMs = staleLimitMs(ctx.staleAfter, 'other');
  // Kinds on other's threshold need no branch of their own.
  const whens = staleKindGroups(ctx.staleAfter)
    .filter(({ limitMs }) => limitMs !== otherMs)
    .map(({ limitMs, kinds }) => sql`WHEN ${inList(sql`o.kind`, kinds)} THEN ${past(limitMs)}`);
  if (whens.length === 0) return past(otherMs);
  return sql`(CASE ${sql.join(whens, sql` `)} ELSE ${past(otherMs)} END)`;
}

/**
 * electron/contract/staleness.ts in SQL, never NULL: past the object's own expiry when it carries one
 * (a string, compared as text with now's ISO form), else tracked and not observed within its kind's
 * threshold.
 */
function staleSql(dialect: FilterDialect, ctx: FilterContext): SQL {
  const { nowIso } = staleClockByKind(ctx.now, ctx.staleAfter);
  const past = pastKindLimitSql(dialect, ctx);
  if (dialect === 'sqlite') {
    const own = sql`json_extract(o.tags, ${`$."${OWN_STALE_TAG}"`})`;
    const ownIsText = sql`json_type(o.tags, ${`$."${OWN_STALE_TAG}"`}) = 'text'`;
    const tracked = sql.join(
      TRACKED_TAGS.map((k) => sql`json_type(o.tags, ${`$."${k}"`}) IS NOT NULL`),
      sql` OR `,
    );
    return sql`(CASE WHEN coalesce(${ownIsText}, 0) THEN ${own} <= ${nowIso} ELSE ((${tracked}) AND coalesce(${past}, 0)) END)`;
  }
  const tracked = sql.join(
    TRACKED_TAGS.map((k) => sql`o.tags ? ${k}::text`),
    sql` OR `,
  );
  return sql`(CASE WHEN jsonb_typeof(o.tags -> ${OWN_STALE_TAG}::text) = 'string' THEN (o.tags ->> ${OWN_STALE_TAG}::text) <= ${nowIso}::text ELSE ((${tracked}) AND coalesce(${past}, false)) END)`;
}

/**
 * Options of the compilers. `spatialIndex: false` compares the bbox columns only, for a relation `o`
 * that is not the table itself (the objects at a past moment, db/history-sql.ts).
 */
export interface FilterSqlOptions {
  spatialIndex?: boolean;
}

/** The SQL for an already resolved filter. */
export function compileResolvedSql(
  r: ResolvedFilter,
  dialect: FilterDialect,
  ctx: FilterContext,
  options: FilterSqlOptions = {},
): SQL {
  if (r.never) return sql`1 = 0`;
  const parts: SQL[] = [];
  if (r.types) parts.push(inList(sql`o.type`, r.types));
  if (r.kinds) parts.push(inList(sql`o.kind`, r.kinds));
  if (r.sourceIds) parts.push(inList(sql`o.source_id`, r.sourceIds));
  r.tags.forEach((c, i) => parts.push(dialect === 'sqlite' ? sqliteTagSql(c) : pgTagSql(c, `tags[${i}].value`)));
  for (const b of r.bboxes) parts.push(bboxSql(b, dialect, options.spatialIndex !== false));
  for (const term of r.q) parts.push(textSql(term, dialect));
  if (r.observedAfter !== undefined) parts.push(sql`o.observed_at >= ${r.observedAfter}`);
  if (r.observedBefore !== undefined) parts.push(sql`o.observed_at < ${r.observedBefore}`);
  if (r.stale !== undefined) {
    const stale = staleSql(dialect, ctx);
    parts.push(r.stale ? stale : sql`NOT ${stale}`);
  }
  if (parts.length === 0) return sql`1 = 1`;
  return sql`(${sql.join(parts, sql` AND `)})`;
}

/**
 * Compiles `filter` (an ObjectFilter, validated and resolved first, throws AppError INVALID_INPUT) into a boolean
 * SQL expression over alias `o` that the store ANDs into `SELECT … FROM osm_objects o WHERE …`.
 * SQLite needs `registerSqliteFilterFunctions(db)` on the connection (for `~`).
 */
export function compileFilterSql(
  filter: ObjectFilter | ResolvedFilter | undefined,
  dialect: FilterDialect,
  ctx: FilterContext,
  options: FilterSqlOptions = {},
): SQL {
  return compileResolvedSql(toResolved(filter), dialect, ctx, options);
}
