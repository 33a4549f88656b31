/**
 * The SQLite object write path for every op: one transaction per batch of IngestOps, prepared
 * statements only. The writer thread runs it behind its fast path (fast-upserts.ts).
 */
import type Database from 'better-sqlite3';
import type { Geometry, Tags } from '../../../electron/contract/domain.js';
import * as rules from '../../object-writes.js';
import type { PatchOp, UpsertOp } from '../../object-writes.js';
import { overridesJson, type ObjectRowValues } from '../../object-rows.js';
import type { IngestOp, IngestOpResult } from '../../store.js';
import { RTREE_INSERT_SQL } from '../rtree-entry.js';
import { uuid7 } from '../../uuid7.js';
import { prepareHistoryWrites } from './history-writes.js';

const OBJECT_COLS =
  'rowid AS k, id, source_id, type, osm_id, tags, geom, tainted, tag_overrides, observed_at, created_at, updated_at';

/** An object row as SQLite returns it: tags and geometry as JSON text, times as epoch ms, `k` its rowid. */
type StoredRow = ObjectRowValues & { k: number; tags: string; geom: string; tainted: number; observed_at: number };

/** A synchronous batch writer over an open connection. */
export type SqliteBatchWriter = (ops: IngestOp[]) => IngestOpResult[];

function decode(row: StoredRow): ObjectRowValues & { tags: Tags; geom: Geometry } {
  return { ...row, tags: JSON.parse(row.tags) as Tags, geom: JSON.parse(row.geom) as Geometry };
}

function prepareStatements(db: Database.Database) {
  return {
    sourceExists: db.prepare('SELECT 1 FROM data_sources WHERE id = ?').pluck(),
    byKey: db.prepare<[string, string, string], StoredRow>(
      `SELECT ${OBJECT_COLS} FROM osm_objects WHERE source_id = ? AND type = ? AND osm_id = ?`,
    ),
    byId: db.prepare<[string], StoredRow>(`SELECT ${OBJECT_COLS} FROM osm_objects WHERE id = ?`),
    insert: db.prepare(
      `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, tainted, observed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    rtree: db.prepare(RTREE_INSERT_SQL),
    update: db.prepare(
      `UPDATE osm_objects SET tags = ?, geom = ?, name = ?, kind = ?, min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ?,
       tainted = ?, tag_overrides = ?, observed_at = ?, updated_at = ? WHERE id = ?`,
    ),
    history: prepareHistoryWrites(db),
    deleteTargetById: db.prepare<[string], rules.DeleteTarget>(
      'SELECT id, source_id, type, osm_id, observed_at FROM osm_objects WHERE id = ?',
    ),
    deleteTargetByKey: db.prepare<[string, string, string], rules.DeleteTarget>(
      'SELECT id, source_id, type, osm_id, observed_at FROM osm_objects WHERE source_id = ? AND type = ? AND osm_id = ?',
    ),
    remove: db.prepare('DELETE FROM osm_objects WHERE id = ?'),
    tombstone: db.prepare(
      `INSERT INTO object_tombstones (${rules.TOMBSTONE_UPSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?) ${rules.TOMBSTONE_UPSERT_CONFLICT}`,
    ),
  };
}

/** Builds the batch writer over `db` (pragmas and schema already in place). */
export function createSqliteBatchWriter(db: Database.Database): SqliteBatchWriter {
  const s = prepareStatements(db);

  const upsert = (op: UpsertOp, now: number): IngestOpResult => {
    const row = s.byKey.get(op.sourceId, op.type, op.osmId);
    // A stored object's hand-edited keys keep the analyst's values (db/tag-overrides.ts).
    const next = row ? rules.feedUpdate(op.tags, row.tag_overrides) : { tags: op.tags, overrides: null };
    const c = rules.objectColumns(next.tags, op.geom);
    if (!c) return rules.noCoordinates(op);
    const tainted = op.tainted === true;
    if (!row) {
      if (!s.sourceExists.get(op.sourceId)) return rules.noSource(op);
      const id = uuid7(now);
      const { osmId, observedAt } = op;
      const values = [id, op.sourceId, op.type, osmId, ...rules.columnArgs(c), tainted ? 1 : 0, observedAt, now, now];
      const { lastInsertRowid } = s.insert.run(...values);
      const [minLon, minLat, maxLon, maxLat] = c.bbox;
      s.rtree.run(lastInsertRowid, minLon, maxLon, minLat, maxLat);
      const key = Number(lastInsertRowid);
      s.history.addPosition(key, observedAt, c.history, now);
      s.history.addTagChange(key, observedAt, c.history.staticJson, 'source', now);
      return rules.createdResult(op, id, tainted, now);
    }
    const added = s.history.addPosition(row.k, op.observedAt, c.history, now);
    const action = rules.knownUpsert(added, op.observedAt, row.observed_at);
    if (action === 'history-only') s.history.noteLateTags(row.k, op.observedAt, c.history.staticJson, now);
    if (action !== 'write') return rules.storedResult(action, decode(row));
    s.history.noteTags(row.k, op.observedAt, c.history.staticJson, 'source', now);
    const overrides = overridesJson(next.overrides);
    s.update.run(...rules.columnArgs(c), tainted ? 1 : 0, overrides, op.observedAt, now, row.id);
    return rules.writtenResult('upsert', row, { ...op, ...next, tainted }, now);
  };

  const patch = (op: PatchOp, now: number): IngestOpResult => {
    const row = s.byId.get(op.objectId);
    if (!row) return rules.noObject(op);
    // The stored geometry is parsed only when the patch keeps it.
    const geom: unknown = op.geom ?? JSON.parse(row.geom);
    const plan = rules.planPatch(
      {
        tags: JSON.parse(row.tags),
        geom,
        tainted: row.tainted,
        observedAt: row.observed_at,
        overrides: row.tag_overrides,
      },
      op,
    );
    if (!plan) return rules.noCoordinates(op);
    const c = plan.columns;
    const overrides = overridesJson(plan.overrides);
    s.update.run(...rules.columnArgs(c), plan.tainted ? 1 : 0, overrides, plan.observedAt, now, row.id);
    // An edit: its geometry (when it has one) and its tags are history at the edit's time.
    if (op.geom) s.history.setPosition(row.k, op.observedAt, c.history, now);
    s.history.noteTags(row.k, op.observedAt, c.history.staticJson, op.origin ?? 'edit', now);
    return rules.writtenResult('patch', row, plan, now);
  };

  const remove = (op: rules.DeleteOp, now: number): IngestOpResult => {
    const k = op.key;
    const row = k ? s.deleteTargetByKey.get(k.sourceId, k.type, k.osmId) : s.deleteTargetById.get(op.objectId);
    const plan = rules.planDelete(op, row, now);
    if (plan.remove) s.remove.run(row!.id);
    const t = plan.tombstone;
    const advanced = t !== undefined && s.tombstone.run(t.sourceId, t.type, t.osmId, t.at, now).changes > 0;
    return rules.deleteResult(op, row, plan, advanced);
  };

  const apply = db.transaction((ops: IngestOp[]): IngestOpResult[] => {
    const now = Date.now();
    return ops.map((op): IngestOpResult => {
      switch (op.op) {
        case 'upsert':
          return upsert(op, now);
        case 'patch':
          return patch(op, now);
        case 'delete':
          return remove(op, now);
        default:
          throw rules.unknownOp(op);
      }
    });
  });
  return (ops) => (ops.length === 0 ? [] : apply.immediate(ops));
}
