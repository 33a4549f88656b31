/**
 * The extent of the objects a filter selects, from the stored bbox columns, framed by the rules of
 * electron/contract/fit-extent.ts: points make the core with the 2nd–98th percentile of the ways'
 * and areas' centres, and the ways and areas lying near that core join it. At most seven
 * aggregate queries, each one pass (or one sort of the matching centres) over the filter's rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Bbox } from '../electron/contract/domain.js';
import { centreRanks, fitOf, grownCore, unionBbox } from '../electron/contract/fit-extent.js';
import type { SqlRunner } from './sql-runner.js';

export interface ObjectExtent {
  /** How many objects the filter selects. */
  count: number;
  /** The box to fit, or null when nothing is selected. */
  bbox: Bbox | null;
}

const IS_POINT = sql.raw('(o.min_lon = o.max_lon AND o.min_lat = o.max_lat)');
const CX = sql.raw('(o.min_lon + o.max_lon) / 2');
const CY = sql.raw('(o.min_lat + o.max_lat) / 2');

type Row = Record<string, number | string | null>;
const n = (v: number | string | null | undefined): number => Number(v ?? 0);
const box = (r: Row, p: string): Bbox | null =>
  r[`${p}w`] == null ? null : [n(r[`${p}w`]), n(r[`${p}s`]), n(r[`${p}e`]), n(r[`${p}n`])];

/** The count and box to fit of the objects in `osm_objects o` matching `whereSql`. */
export async function objectExtent(run: SqlRunner, whereSql: SQL): Promise<ObjectExtent> {
  const [totals] = await run.all<Row>(
    sql`SELECT count(*) AS n,
               sum(CASE WHEN ${IS_POINT} THEN 0 ELSE 1 END) AS shapes,
               min(o.min_lon) AS aw, min(o.min_lat) AS as_, max(o.max_lon) AS ae, max(o.max_lat) AS an,
               min(CASE WHEN ${IS_POINT} THEN o.min_lon END) AS pw, min(CASE WHEN ${IS_POINT} THEN o.min_lat END) AS ps,
               max(CASE WHEN ${IS_POINT} THEN o.max_lon END) AS pe, max(CASE WHEN ${IS_POINT} THEN o.max_lat END) AS pn
        FROM osm_objects o WHERE ${whereSql}`,
  );
  const count = n(totals?.n);
  if (!totals || count === 0) return { count: 0, bbox: null };
  const all: Bbox = [n(totals.aw), n(totals.as_), n(totals.ae), n(totals.an)];
  const points = box(totals, 'p');
  const shapes = n(totals.shapes);
  if (shapes === 0) return { count, bbox: points ?? all };

  const [lo, hi] = centreRanks(shapes);
  const centre = async (axis: SQL, rank: number): Promise<number> => {
    const rows = await run.all<{ c: number | string }>(
      sql`SELECT ${axis} AS c FROM osm_objects o WHERE ${whereSql} AND NOT ${IS_POINT} ORDER BY c LIMIT 1 OFFSET ${rank}`,
    );
    return n(rows[0]?.c);
  };
  const trimmed: Bbox = [await centre(CX, lo), await centre(CY, lo), await centre(CX, hi), await centre(CY, hi)];
  const core = points ? unionBbox(points, trimmed) : trimmed;
  const g = grownCore(core);
  const [near] = await run.all<Row>(
    sql`SELECT min(o.min_lon) AS w, min(o.min_lat) AS s, max(o.max_lon) AS e, max(o.max_lat) AS n
        FROM osm_objects o WHERE ${whereSql} AND NOT ${IS_POINT}
          AND o.min_lon >= ${g[0]} AND o.min_lat >= ${g[1]} AND o.max_lon <= ${g[2]} AND o.max_lat <= ${g[3]}`,
  );
  return { count, bbox: fitOf(core, near ? box(near, '') : null, all, points !== null) };
}
