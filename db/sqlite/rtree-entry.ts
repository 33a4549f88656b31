/**
 * The R*Tree entry of a new object (migrations 0003 and 0004): its bbox snapped outward to the 0.01°
 * grid, inserted by the writers themselves (no insert trigger). The update and delete triggers keep
 * it in step afterwards. The expressions are the triggers' own, so both compute the same box.
 */

/** `INSERT` of one entry; arguments: rowid, minLon, maxLon, minLat, maxLat (the object's exact bbox). */
export const RTREE_INSERT_SQL = `INSERT OR REPLACE INTO osm_objects_rtree (id, min_lon, max_lon, min_lat, max_lat)
  VALUES (?, floor(? * 100) / 100 - 1e-6, (floor(? * 100) + 1) / 100 + 1e-6,
    floor(? * 100) / 100 - 1e-6, (floor(? * 100) + 1) / 100 + 1e-6)`;
