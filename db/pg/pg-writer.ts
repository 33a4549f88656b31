/**
 * The Postgres object write path: one transaction per batch of IngestOps on one pooled client,
 * with the same semantics as the SQLite writer (idempotent history, newest observation wins).
 */
import { uuid7 } from '../uuid7.js';
import type { Pool, PoolClient } from 'pg';
import type { Geometry, OsmObject } from '../../electron/contract/domain.js';
import { missingCaseError } from '../../electron/contract/errors.js';
import { applyTagPatch, createdObject, geometryBbox, tagText, toOsmObject, toTags } from '../object-rows.js';
import type { IngestOp, IngestOpResult } from '../store.js';

const COLS = 'id, source_id, type, osm_id, tags, geom, tainted, observed_at, created_at, updated_at';

interface PgRow {
  id: string;
  source_id: string;
  type: string;
  osm_id: string;
  tags: unknown;
  geom: unknown;
  tainted: boolean;
  observed_at: string;
  created_at: string;
  updated_at: string;
}

const UPDATE = `UPDATE osm_objects SET tags = $1, geom = $2, name = $3, kind = $4, min_lon = $5, min_lat = $6, max_lon = $7,
  max_lat = $8, tainted = $9, observed_at = $10, updated_at = $11 WHERE id = $12`;
const HISTORY = `INSERT INTO object_history (id, object_id, geom, tags, observed_at, received_at, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $6, $6)`;

async function upsert(c: PoolClient, op: Extract<IngestOp, { op: 'upsert' }>, now: number): Promise<IngestOpResult> {
  const bbox = geometryBbox(op.geom);
  if (!bbox)
    return {
      op: 'upsert',
      status: 'rejected',
      code: 'INVALID_INPUT',
      reason: `Field 'geom' of '${op.osmId}' has no coordinates.`,
    };
  const tags = JSON.stringify(op.tags);
  const geom = JSON.stringify(op.geom);
  const tainted = op.tainted === true;
  const found = await c.query<PgRow>(
    `SELECT ${COLS} FROM osm_objects WHERE source_id = $1 AND type = $2 AND osm_id = $3`,
    [op.sourceId, op.type, op.osmId],
  );
  const row = found.rows[0];
  if (!row) {
    const src = await c.query('SELECT 1 FROM data_sources WHERE id = $1', [op.sourceId]);
    if (src.rowCount === 0)
      return { op: 'upsert', status: 'rejected', code: 'NOT_FOUND', reason: `Source '${op.sourceId}' does not exist.` };
    const id = uuid7(now);
    await c.query(
      `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon, max_lat, tainted, observed_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
      [
        id,
        op.sourceId,
        op.type,
        op.osmId,
        tags,
        geom,
        tagText(op.tags.name),
        tagText(op.tags.kind),
        ...bbox,
        tainted,
        op.observedAt,
        now,
      ],
    );
    await c.query(HISTORY, [uuid7(now), id, geom, tags, op.observedAt, now]);
    return { op: 'upsert', status: 'created', object: createdObject(op, id, tainted, now) };
  }
  const added = await c.query(`${HISTORY} ON CONFLICT (object_id, observed_at) DO NOTHING`, [
    uuid7(now),
    row.id,
    geom,
    tags,
    op.observedAt,
    now,
  ]);
  if (added.rowCount === 0) return { op: 'upsert', status: 'duplicate', object: toOsmObject(row) };
  // An observation older than the stored one is history only; the current row stays the newest.
  if (op.observedAt < Number(row.observed_at)) return { op: 'upsert', status: 'updated', object: toOsmObject(row) };
  await c.query(UPDATE, [
    tags,
    geom,
    tagText(op.tags.name),
    tagText(op.tags.kind),
    ...bbox,
    tainted,
    op.observedAt,
    now,
    row.id,
  ]);
  return {
    op: 'upsert',
    status: 'updated',
    object: toOsmObject({ ...row, tags: op.tags, geom: op.geom, tainted, observed_at: op.observedAt, updated_at: now }),
  };
}

async function patch(c: PoolClient, op: Extract<IngestOp, { op: 'patch' }>, now: number): Promise<IngestOpResult> {
  const row = (await c.query<PgRow>(`SELECT ${COLS} FROM osm_objects WHERE id = $1 FOR UPDATE`, [op.objectId])).rows[0];
  if (!row)
    return { op: 'patch', status: 'rejected', code: 'NOT_FOUND', reason: `Object '${op.objectId}' does not exist.` };
  const tags = applyTagPatch(toTags(row.tags), op.tags, op.tagsMode);
  const geom = op.geom ?? (row.geom as Geometry);
  const bbox = geometryBbox(geom);
  if (!bbox)
    return {
      op: 'patch',
      status: 'rejected',
      code: 'INVALID_INPUT',
      reason: `Field 'geom' of object '${op.objectId}' has no coordinates.`,
    };
  const tainted = row.tainted && !op.geom;
  const observedAt = Math.max(Number(row.observed_at), op.observedAt);
  const tagsJson = JSON.stringify(tags);
  const geomJson = JSON.stringify(geom);
  await c.query(UPDATE, [
    tagsJson,
    geomJson,
    tagText(tags.name),
    tagText(tags.kind),
    ...bbox,
    tainted,
    observedAt,
    now,
    row.id,
  ]);
  await c.query(
    `${HISTORY} ON CONFLICT (object_id, observed_at) DO UPDATE SET geom = excluded.geom, tags = excluded.tags,
     received_at = excluded.received_at, updated_at = excluded.updated_at`,
    [uuid7(now), row.id, geomJson, tagsJson, op.observedAt, now],
  );
  const object: OsmObject = toOsmObject({ ...row, tags, geom, tainted, observed_at: observedAt, updated_at: now });
  return { op: 'patch', status: 'updated', object };
}

async function apply(c: PoolClient, op: IngestOp, now: number): Promise<IngestOpResult> {
  switch (op.op) {
    case 'upsert':
      return upsert(c, op, now);
    case 'patch':
      return patch(c, op, now);
    case 'delete': {
      const gone = (
        await c.query<{ source_id: string }>('DELETE FROM osm_objects WHERE id = $1 RETURNING source_id', [op.objectId])
      ).rows[0];
      return gone
        ? { op: 'delete', status: 'deleted', objectId: op.objectId, sourceId: gone.source_id }
        : { op: 'delete', status: 'missing', objectId: op.objectId };
    }
    default:
      throw missingCaseError(op);
  }
}

/**
 * Builds the Postgres applyBatch. Batches of one store run one after another (a queue), so two
 * batches never race to create the same object.
 */
export function createPgBatchWriter(pool: Pool): (ops: IngestOp[]) => Promise<IngestOpResult[]> {
  let tail: Promise<unknown> = Promise.resolve();
  const run = async (ops: IngestOp[]): Promise<IngestOpResult[]> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const now = Date.now();
      const results: IngestOpResult[] = [];
      for (const op of ops) results.push(await apply(c, op, now));
      await c.query('COMMIT');
      return results;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };
  return (ops) => {
    if (ops.length === 0) return Promise.resolve([]);
    const result = tail.then(() => run(ops));
    tail = result.catch(() => undefined);
    return result;
  };
}
