/**
 * The SQLite history statements every writer (batch writer, fast path, first sightings) shares: a
 * position per accepted observation, a tag change when the static tags differ from the version in
 * force (db/history-rows.ts), and the late-observation split. Keys are osm_objects rowids.
 */
import type Database from 'better-sqlite3';
import { lateTagRows, type HistoryColumns } from '../../history-rows.js';

export type TagOrigin = 'source' | 'edit';

/** Prepares the history statements on `db`; every call runs inside the caller's transaction. */
export function prepareHistoryWrites(db: Database.Database) {
  const cols = 'object_key, t, lon, lat, speed, heading, altitude, geom, delay_ms';
  const position = db.prepare(
    `INSERT INTO object_positions (${cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (object_key, t) DO NOTHING`,
  );
  const positionEdit = db.prepare(
    `INSERT INTO object_positions (${cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (object_key, t) DO UPDATE SET
     lon = excluded.lon, lat = excluded.lat, speed = excluded.speed, heading = excluded.heading,
     altitude = excluded.altitude, geom = excluded.geom, delay_ms = excluded.delay_ms`,
  );
  const tagChange = db.prepare(
    `INSERT INTO object_tag_changes (object_key, t, tags, origin, received_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (object_key, t) DO UPDATE SET tags = excluded.tags, origin = excluded.origin, received_at = excluded.received_at`,
  );
  const inForce = db
    .prepare<[number, number], string>(
      'SELECT tags FROM object_tag_changes WHERE object_key = ? AND t <= ? ORDER BY t DESC LIMIT 1',
    )
    .pluck();
  const nextPosition = db
    .prepare<[number, number], number | null>('SELECT min(t) FROM object_positions WHERE object_key = ? AND t > ?')
    .pluck();
  const changeWithin = db
    .prepare<[number, number, number], number>(
      'SELECT 1 FROM object_tag_changes WHERE object_key = ? AND t > ? AND t <= ? LIMIT 1',
    )
    .pluck();

  const args = (key: number, t: number, h: HistoryColumns, now: number) =>
    [key, t, h.lon, h.lat, h.speed, h.heading, h.altitude, h.geomJson, now - t] as const;

  return {
    /** Adds the position of an observation; false when the object already has one at `t` (a duplicate). */
    addPosition(key: number, t: number, h: HistoryColumns, now: number): boolean {
      return position.run(...args(key, t, h, now)).changes > 0;
    },
    /** Writes or replaces the position at `t` (a hand edit of the geometry). */
    setPosition(key: number, t: number, h: HistoryColumns, now: number): void {
      positionEdit.run(...args(key, t, h, now));
    },
    /** The static tags in force at `t` (JSON text), or undefined before the first change. */
    tagsAt(key: number, t: number): string | undefined {
      return inForce.get(key, t);
    },
    /** Records `staticJson` from `t` on. */
    addTagChange(key: number, t: number, staticJson: string, origin: TagOrigin, now: number): void {
      tagChange.run(key, t, staticJson, origin, now);
    },
    /** Records the tags of an observation at `t` when they differ from the version in force then. */
    noteTags(key: number, t: number, staticJson: string, origin: TagOrigin, now: number): void {
      if (inForce.get(key, t) !== staticJson) tagChange.run(key, t, staticJson, origin, now);
    },
    /** The tag rows of a late observation (older than the object's newest), see lateTagRows. */
    noteLateTags(key: number, t: number, staticJson: string, now: number): void {
      const current = inForce.get(key, t);
      if (current === staticJson) return;
      const nextT = nextPosition.get(key, t) ?? undefined;
      const next = nextT === undefined ? undefined : { t: nextT, changeBefore: changeWithin.get(key, t, nextT) === 1 };
      for (const row of lateTagRows(t, staticJson, current, next)) tagChange.run(key, row.t, row.tags, 'source', now);
    },
  };
}

export type HistoryWrites = ReturnType<typeof prepareHistoryWrites>;
