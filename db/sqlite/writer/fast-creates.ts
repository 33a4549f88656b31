/**
 * The writer thread's fast path for first sightings: a run of upserts of objects the writer does not
 * know, each one INSERT that doubles as the key lookup (ON CONFLICT DO NOTHING), its first position
 * and tag version, and its R*Tree entry; the source is checked once per source and batch, the rowid comes from the insert,
 * and the result is only `[id, createdAt]`. An object that exists after all (the writer had not cached
 * it) is left to the general writer.
 */
import type Database from 'better-sqlite3';
import * as rules from '../../object-writes.js';
import type { IngestOpResult } from '../../store.js';
import { RTREE_INSERT_SQL } from '../rtree-entry.js';
import { uuid7 } from '../../uuid7.js';
import { prepareHistoryWrites } from './history-writes.js';
import { decodeOp, historyOf, type CreatedResult, type EncodedUpsert } from './writer-codec.js';

/** What a run's op became: created, rejected (no such source), or undefined when the key exists. */
type CreateOutcome = CreatedResult | IngestOpResult | undefined;

/** Called for each inserted object, in insert order, with its new rowid and id. */
type OnCreated = (u: EncodedUpsert, rowid: number, id: string) => void;

/**
 * Prepares the create statements on `db`. The returned function inserts `run` (distinct keys) inside
 * the caller's transaction and answers in run order; `sources` memoizes which sources exist, for one
 * transaction (the caller's batch).
 */
export function createFastCreates(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, tainted, observed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, type, osm_id) DO NOTHING`,
  );
  const rtree = db.prepare(RTREE_INSERT_SQL);
  const sourceExists = db.prepare('SELECT 1 FROM data_sources WHERE id = ?').pluck();
  const history = prepareHistoryWrites(db);

  const sourceOk = (sources: Map<string, boolean>, id: string): boolean => {
    let ok = sources.get(id);
    if (ok === undefined) sources.set(id, (ok = sourceExists.get(id) !== undefined));
    return ok;
  };

  return (run: EncodedUpsert[], now: number, sources: Map<string, boolean>, onCreated: OnCreated): CreateOutcome[] => {
    const out = new Array<CreateOutcome>(run.length);
    for (let i = 0; i < run.length; i++) {
      const u = run[i]!;
      const [sourceId, type, osmId, tagsJson, geomJson, observedAt, tainted, name, kind] = u;
      if (!sourceOk(sources, sourceId)) {
        out[i] = rules.noSource(decodeOp(u) as rules.UpsertOp);
        continue;
      }
      const id = uuid7(now);
      const [minLon, minLat, maxLon, maxLat] = [u[9], u[10], u[11], u[12]];
      const row = [id, sourceId, type, osmId, tagsJson, geomJson, name, kind, minLon, minLat, maxLon, maxLat];
      const added = insert.run(...row, tainted, observedAt, now, now);
      if (added.changes === 0) continue; // stored already: the general writer upserts it
      const rowid = Number(added.lastInsertRowid);
      rtree.run(rowid, minLon, maxLon, minLat, maxLat);
      const h = historyOf(u);
      history.addPosition(rowid, observedAt, h, now);
      history.addTagChange(rowid, observedAt, h.staticJson, 'source', now);
      onCreated(u, rowid, id);
      out[i] = [id, now];
    }
    return out;
  };
}
