/**
 * The SQLite object write path: one transaction per batch of IngestOps, prepared statements only.
 * Used by the SQLite store and, through `openSqliteWriter`, by ingest's worker thread.
 */
import { uuid7 } from '../uuid7.js';
import Database from 'better-sqlite3';
import type { IngestOp, IngestOpResult } from '../store.js';
import { applyTagPatch, createdObject, geometryBbox, tagText, toOsmObject, toTags } from '../object-rows.js';
import type { Geometry, OsmObject, Tags } from '../../electron/contract/domain.js';
import { missingCaseError } from '../../electron/contract/errors.js';
import { applySqlitePragmas } from './sqlite-pragmas.js';

const OBJECT_COLS = 'id, source_id, type, osm_id, tags, geom, tainted, observed_at, created_at, updated_at';

interface StoredRow {
  id: string;
  source_id: string;
  type: string;
  osm_id: string;
  tags: string;
  geom: string;
  tainted: number;
  observed_at: number;
  created_at: number;
  updated_at: number;
}

/** A synchronous batch writer over an open connection. */
export type SqliteBatchWriter = (ops: IngestOp[]) => IngestOpResult[];

function decode(row: StoredRow): OsmObject {
  return toOsmObject({ ...row, tags: JSON.parse(row.tags), geom: JSON.parse(row.geom) });
}

/** Builds the batch writer over `db` (pragmas and schema already in place). */
export function createSqliteBatchWriter(db: Database.Database): SqliteBatchWriter {
  const s = {
    sourceExists: db.prepare('SELECT 1 FROM data_sources WHERE id = ?').pluck(),
    byKey: db.prepare<[string, string, string], StoredRow>(
      `SELECT ${OBJECT_COLS} FROM osm_objects WHERE source_id = ? AND type = ? AND osm_id = ?`,
    ),
    byId: db.prepare<[string], StoredRow>(`SELECT ${OBJECT_COLS} FROM osm_objects WHERE id = ?`),
    insert: db.prepare(
      `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, tainted, observed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE osm_objects SET tags = ?, geom = ?, name = ?, kind = ?, min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ?,
       tainted = ?, observed_at = ?, updated_at = ? WHERE id = ?`,
    ),
    history: db.prepare(
      `INSERT INTO object_history (id, object_id, geom, tags, observed_at, received_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (object_id, observed_at) DO NOTHING`,
    ),
    historyEdit: db.prepare(
      `INSERT INTO object_history (id, object_id, geom, tags, observed_at, received_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (object_id, observed_at) DO UPDATE
       SET geom = excluded.geom, tags = excluded.tags, received_at = excluded.received_at, updated_at = excluded.updated_at`,
    ),
    remove: db.prepare<[string], { source_id: string }>('DELETE FROM osm_objects WHERE id = ? RETURNING source_id'),
  };

  const write = (
    id: string,
    tags: Tags,
    geom: Geometry,
    tainted: boolean,
    observedAt: number,
    now: number,
  ): [string, string, number[]] | undefined => {
    const bbox = geometryBbox(geom);
    if (!bbox) return undefined;
    const tagsJson = JSON.stringify(tags);
    const geomJson = JSON.stringify(geom);
    s.update.run(
      tagsJson,
      geomJson,
      tagText(tags.name),
      tagText(tags.kind),
      ...bbox,
      tainted ? 1 : 0,
      observedAt,
      now,
      id,
    );
    return [tagsJson, geomJson, bbox];
  };

  const upsert = (op: Extract<IngestOp, { op: 'upsert' }>, now: number): IngestOpResult => {
    const bbox = geometryBbox(op.geom);
    if (!bbox)
      return {
        op: 'upsert',
        status: 'rejected',
        code: 'INVALID_INPUT',
        reason: `Field 'geom' of '${op.osmId}' has no coordinates.`,
      };
    const tagsJson = JSON.stringify(op.tags);
    const geomJson = JSON.stringify(op.geom);
    const tainted = op.tainted === true;
    const row = s.byKey.get(op.sourceId, op.type, op.osmId);
    if (!row) {
      if (!s.sourceExists.get(op.sourceId))
        return {
          op: 'upsert',
          status: 'rejected',
          code: 'NOT_FOUND',
          reason: `Source '${op.sourceId}' does not exist.`,
        };
      const id = uuid7(now);
      s.insert.run(
        id,
        op.sourceId,
        op.type,
        op.osmId,
        tagsJson,
        geomJson,
        tagText(op.tags.name),
        tagText(op.tags.kind),
        ...bbox,
        tainted ? 1 : 0,
        op.observedAt,
        now,
        now,
      );
      s.history.run(uuid7(now), id, geomJson, tagsJson, op.observedAt, now, now, now);
      return { op: 'upsert', status: 'created', object: createdObject(op, id, tainted, now) };
    }
    if (s.history.run(uuid7(now), row.id, geomJson, tagsJson, op.observedAt, now, now, now).changes === 0) {
      return { op: 'upsert', status: 'duplicate', object: decode(row) };
    }
    // An observation older than the stored one is history only; the current row stays the newest.
    if (op.observedAt < row.observed_at) return { op: 'upsert', status: 'updated', object: decode(row) };
    s.update.run(
      tagsJson,
      geomJson,
      tagText(op.tags.name),
      tagText(op.tags.kind),
      ...bbox,
      tainted ? 1 : 0,
      op.observedAt,
      now,
      row.id,
    );
    const object = toOsmObject({
      ...row,
      tags: op.tags,
      geom: op.geom,
      tainted,
      observed_at: op.observedAt,
      updated_at: now,
    });
    return { op: 'upsert', status: 'updated', object };
  };

  const patch = (op: Extract<IngestOp, { op: 'patch' }>, now: number): IngestOpResult => {
    const row = s.byId.get(op.objectId);
    if (!row)
      return { op: 'patch', status: 'rejected', code: 'NOT_FOUND', reason: `Object '${op.objectId}' does not exist.` };
    const tags = applyTagPatch(toTags(JSON.parse(row.tags)), op.tags, op.tagsMode);
    const geom = op.geom ?? (JSON.parse(row.geom) as Geometry);
    const observedAt = Math.max(row.observed_at, op.observedAt);
    const written = write(row.id, tags, geom, row.tainted === 1 && !op.geom, observedAt, now);
    if (!written)
      return {
        op: 'patch',
        status: 'rejected',
        code: 'INVALID_INPUT',
        reason: `Field 'geom' of object '${op.objectId}' has no coordinates.`,
      };
    s.historyEdit.run(uuid7(now), row.id, written[1], written[0], op.observedAt, now, now, now);
    const object = toOsmObject({
      ...row,
      tags,
      geom,
      tainted: row.tainted === 1 && !op.geom,
      observed_at: observedAt,
      updated_at: now,
    });
    return { op: 'patch', status: 'updated', object };
  };

  const apply = db.transaction((ops: IngestOp[]): IngestOpResult[] => {
    const now = Date.now();
    return ops.map((op): IngestOpResult => {
      switch (op.op) {
        case 'upsert':
          return upsert(op, now);
        case 'patch':
          return patch(op, now);
        case 'delete': {
          const gone = s.remove.get(op.objectId);
          return gone
            ? { op: 'delete', status: 'deleted', objectId: op.objectId, sourceId: gone.source_id }
            : { op: 'delete', status: 'missing', objectId: op.objectId };
        }
        default:
          throw missingCaseError(op);
      }
    });
  });
  return (ops) => (ops.length === 0 ? [] : apply.immediate(ops));
}

/** A synchronous writer on its own connection (same pragmas, no migrations): for ingest's worker thread. */
export interface SqliteWriter {
  applyBatch(ops: IngestOp[]): IngestOpResult[];
  close(): void;
}

/** Opens a writer connection to an existing, already migrated and checked database at `path`. */
export function openSqliteWriter(path: string): SqliteWriter {
  const db = new Database(path, { fileMustExist: true });
  applySqlitePragmas(db);
  const applyBatch = createSqliteBatchWriter(db);
  return { applyBatch, close: () => db.close() };
}
