/**
 * History reads in SQL for both dialects (issue 14): the objects as they were at a moment (a relation
 * with the columns of `osm_objects` that the filter and sort compilers read, aliased `o`), and the
 * pieces the store's track, trail and tag-change queries share. SQLite keys history by the object's
 * rowid, Postgres by its id (db/schema/<dialect>/object-history.ts).
 */
import { sql, type SQL } from 'drizzle-orm';

export type HistoryDialect = 'sqlite' | 'postgres';

/** The history key of object alias `alias` (`o.rowid` or `o.id`). */
export function historyKey(dialect: HistoryDialect, alias = 'o'): SQL {
  return sql.raw(`${alias}.${dialect === 'sqlite' ? 'rowid' : 'id'}`);
}

/**
 * `(…) o`: every object that existed at `at` (epoch ms) as it was then — geometry and observed_at of
 * its latest position at or before `at`, tags from the tag version then in force plus that
 * position's numeric speed/heading/altitude; name and kind from those tags; the bbox of a point
 * position (other geometries keep the current bbox). Columns: k (history key), the object columns,
 * name, kind, the bbox columns, and the parts `tags` and `geom` are built from (`static_tags`,
 * `p_speed`, `p_heading`, `p_altitude`, `p_lon`, `p_lat`, `p_geom`: AT_COLUMNS) for callers that
 * build them cheaper themselves (db/history-rows.ts).
 */
export const AT_COLUMNS = sql.raw(
  'o.id, o.source_id, o.type, o.osm_id, o.static_tags, o.p_speed, o.p_heading, o.p_altitude, o.p_lon, o.p_lat, o.p_geom, o.tainted, o.observed_at, o.created_at, o.updated_at',
);

export function objectsAtSql(dialect: HistoryDialect, at: number): SQL {
  if (dialect === 'sqlite') {
    const none = `'$."' || char(1) || '"'`;
    const drop = (col: string) => `CASE WHEN p.${col} IS NULL THEN '$.${col}' ELSE ${none} END`;
    const tags = `json_patch(coalesce(tc.tags, '{}'), json_remove(json_object('speed', p.speed, 'heading', p.heading, 'altitude', p.altitude), ${drop('speed')}, ${drop('heading')}, ${drop('altitude')}))`;
    const edge = (col: string, coord: 'lon' | 'lat') =>
      `CASE WHEN p.geom IS NULL THEN p.${coord} / 1e7 ELSE c.${col} END`;
    return sql`(SELECT c.rowid AS rowid, c.rowid AS k, c.id, c.source_id, c.type, c.osm_id, ${sql.raw(tags)} AS tags,
        coalesce(p.geom, json_object('type', 'Point', 'coordinates', json_array(p.lon / 1e7, p.lat / 1e7))) AS geom,
        c.tainted, p.t AS observed_at, c.created_at, c.updated_at,
        CAST(json_extract(tc.tags, '$.name') AS TEXT) AS name, CAST(json_extract(tc.tags, '$.kind') AS TEXT) AS kind,
        tc.tags AS static_tags, p.speed AS p_speed, p.heading AS p_heading, p.altitude AS p_altitude,
        p.lon AS p_lon, p.lat AS p_lat, p.geom AS p_geom,
        ${sql.raw(`${edge('min_lon', 'lon')} AS min_lon, ${edge('min_lat', 'lat')} AS min_lat, ${edge('max_lon', 'lon')} AS max_lon, ${edge('max_lat', 'lat')} AS max_lat`)}
      FROM osm_objects c
      -- CROSS JOIN keeps the objects outside: one max(t) seek per object. Without statistics SQLite
      -- otherwise scans every position and runs the subquery for each (seconds at 10M positions).
      CROSS JOIN object_positions p ON p.object_key = c.rowid
        AND p.t = (SELECT max(t) FROM object_positions WHERE object_key = c.rowid AND t <= ${at})
      -- The version in force by its rowid, which the (object_key, t) index holds: one seek fewer than
      -- by its time (index, then table).
      LEFT JOIN object_tag_changes tc ON tc.rowid = (SELECT rowid FROM object_tag_changes
        WHERE object_key = c.rowid AND t <= ${at} ORDER BY t DESC LIMIT 1)) o`;
  }
  const deg = (coord: 'lon' | 'lat') => `(p.${coord}::float8 / 10000000::float8)`;
  const edge = (col: string, coord: 'lon' | 'lat') => `CASE WHEN p.geom IS NULL THEN ${deg(coord)} ELSE c.${col} END`;
  return sql`(SELECT c.id AS k, c.id, c.source_id, c.type, c.osm_id,
      coalesce(tc.tags, '{}'::jsonb) || jsonb_strip_nulls(jsonb_build_object('speed', p.speed, 'heading', p.heading, 'altitude', p.altitude)) AS tags,
      coalesce(p.geom, jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(${sql.raw(deg('lon'))}, ${sql.raw(deg('lat'))}))) AS geom,
      c.tainted, p.t AS observed_at, c.created_at, c.updated_at, tc.tags ->> 'name' AS name, tc.tags ->> 'kind' AS kind,
      tc.tags AS static_tags, p.speed AS p_speed, p.heading AS p_heading, p.altitude AS p_altitude,
      p.lon AS p_lon, p.lat AS p_lat, p.geom AS p_geom,
      ${sql.raw(`${edge('min_lon', 'lon')} AS min_lon, ${edge('min_lat', 'lat')} AS min_lat, ${edge('max_lon', 'lon')} AS max_lon, ${edge('max_lat', 'lat')} AS max_lat`)}
    FROM osm_objects c
    JOIN LATERAL (SELECT * FROM object_positions WHERE object_key = c.id AND t <= ${at} ORDER BY t DESC LIMIT 1) p ON true
    LEFT JOIN LATERAL (SELECT tags FROM object_tag_changes WHERE object_key = c.id AND t <= ${at} ORDER BY t DESC LIMIT 1) tc ON true) o`;
}

/** The history key of object `id`, as a scalar subquery. */
export function keyOfObject(dialect: HistoryDialect, id: string): SQL {
  return sql`(SELECT ${historyKey(dialect)} FROM osm_objects o WHERE o.id = ${id})`;
}
