/**
 * The Postgres history statements of the batch writer (the SQLite writers' are
 * db/sqlite/writer/history-writes.ts): a position per accepted observation, a tag change when the
 * static tags differ from the version in force (compared as JSONB), and the late-observation split
 * (db/history-rows.ts). Keys are object ids.
 */
import type { PoolClient } from 'pg';
import { lateTagRows, type HistoryColumns } from '../history-rows.js';

export type TagOrigin = 'source' | 'edit';

const POSITION = `INSERT INTO object_positions (object_key, t, lon, lat, speed, heading, altitude, geom, delay_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (object_key, t)`;
const TAG_CHANGE = `INSERT INTO object_tag_changes (object_key, t, tags, origin, received_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (object_key, t) DO UPDATE SET tags = excluded.tags, origin = excluded.origin, received_at = excluded.received_at`;

const args = (key: string, t: number, h: HistoryColumns, now: number) => [
  key,
  t,
  h.lon,
  h.lat,
  h.speed,
  h.heading,
  h.altitude,
  h.geomJson,
  now - t,
];

/** Adds the position of an observation; false when the object already has one at `t` (a duplicate). */
export async function addPosition(c: PoolClient, key: string, t: number, h: HistoryColumns, now: number) {
  return ((await c.query(`${POSITION} DO NOTHING`, args(key, t, h, now))).rowCount ?? 0) > 0;
}

/** Writes or replaces the position at `t` (a hand edit of the geometry). */
export async function setPosition(c: PoolClient, key: string, t: number, h: HistoryColumns, now: number) {
  await c.query(
    `${POSITION} DO UPDATE SET lon = excluded.lon, lat = excluded.lat, speed = excluded.speed, heading = excluded.heading,
     altitude = excluded.altitude, geom = excluded.geom, delay_ms = excluded.delay_ms`,
    args(key, t, h, now),
  );
}

/** Records `staticJson` from `t` on. */
export async function addTagChange(
  c: PoolClient,
  key: string,
  t: number,
  staticJson: string,
  origin: TagOrigin,
  now: number,
) {
  await c.query(TAG_CHANGE, [key, t, staticJson, origin, now]);
}

/** The static tags in force at `t`: `staticJson` itself when equal as JSON, else their text; undefined before the first. */
async function inForce(c: PoolClient, key: string, t: number, staticJson: string): Promise<string | undefined> {
  const res = await c.query<{ tags: string; same: boolean }>(
    'SELECT tags::text AS tags, tags = $3::jsonb AS same FROM object_tag_changes WHERE object_key = $1 AND t <= $2 ORDER BY t DESC LIMIT 1',
    [key, t, staticJson],
  );
  const row = res.rows[0];
  return row === undefined ? undefined : row.same ? staticJson : row.tags;
}

/** Records the tags of an observation at `t` when they differ from the version in force then. */
export async function noteTags(
  c: PoolClient,
  key: string,
  t: number,
  staticJson: string,
  origin: TagOrigin,
  now: number,
) {
  if ((await inForce(c, key, t, staticJson)) !== staticJson) await addTagChange(c, key, t, staticJson, origin, now);
}

/** The tag rows of a late observation (older than the object's newest), see lateTagRows. */
export async function noteLateTags(c: PoolClient, key: string, t: number, staticJson: string, now: number) {
  const current = await inForce(c, key, t, staticJson);
  if (current === staticJson) return;
  const res = await c.query<{ next: string | null; change_before: boolean }>(
    `SELECT p.next, EXISTS (SELECT 1 FROM object_tag_changes WHERE object_key = $1 AND t > $2 AND t <= p.next) AS change_before
     FROM (SELECT min(t) AS next FROM object_positions WHERE object_key = $1 AND t > $2) p`,
    [key, t],
  );
  const row = res.rows[0];
  const next = row?.next == null ? undefined : { t: Number(row.next), changeBefore: row.change_before };
  for (const r of lateTagRows(t, staticJson, current, next)) await addTagChange(c, key, r.t, r.tags, 'source', now);
}
