/**
 * The Postgres object write path: one transaction per batch of IngestOps on one pooled client,
 * with the same semantics as the SQLite writer (idempotent history, newest observation wins).
 */
import { uuid7 } from '../uuid7.js';
import type { Pool, PoolClient } from 'pg';
import * as rules from '../object-writes.js';
import type { PatchOp, UpsertOp } from '../object-writes.js';
import type { IngestOp, IngestOpResult, TeamChange } from '../store.js';
import * as history from './pg-history-writes.js';
import { sameStaticTags } from '../history-rows.js';
import { overridesJson, toTags, type ObjectRowValues } from '../object-rows.js';
import { appendChanges } from './pg-change-log.js';

const COLS = 'id, source_id, type, osm_id, tags, geom, tainted, tag_overrides, observed_at, created_at, updated_at';

/** An object row as `pg` returns it: JSONB parsed, BIGINT times as strings. */
type PgRow = ObjectRowValues;

const UPDATE = `UPDATE osm_objects SET tags = $1, geom = $2, name = $3, kind = $4, min_lon = $5, min_lat = $6, max_lon = $7,
  max_lat = $8, tainted = $9, tag_overrides = $10, observed_at = $11, updated_at = $12 WHERE id = $13`;
const INSERT = `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, name, kind, min_lon, min_lat, max_lon,
  max_lat, tainted, observed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`;

async function upsert(c: PoolClient, op: UpsertOp, now: number): Promise<IngestOpResult> {
  const found = await c.query<PgRow>(
    `SELECT ${COLS} FROM osm_objects WHERE source_id = $1 AND type = $2 AND osm_id = $3`,
    [op.sourceId, op.type, op.osmId],
  );
  const row = found.rows[0];
  // A stored object's hand-edited keys keep the analyst's values (db/tag-overrides.ts).
  const next = row ? rules.feedUpdate(op.tags, row.tag_overrides) : { tags: op.tags, overrides: null };
  const cols = rules.objectColumns(next.tags, op.geom);
  if (!cols) return rules.noCoordinates(op);
  const tainted = op.tainted === true;
  if (!row) {
    const src = await c.query('SELECT 1 FROM data_sources WHERE id = $1', [op.sourceId]);
    if (src.rowCount === 0) return rules.noSource(op);
    const id = uuid7(now);
    await c.query(INSERT, [id, op.sourceId, op.type, op.osmId, ...rules.columnArgs(cols), tainted, op.observedAt, now]);
    await history.addPosition(c, id, op.observedAt, cols.history, now);
    await history.addTagChange(c, id, op.observedAt, cols.history.staticJson, 'source', now);
    return rules.createdResult(op, id, tainted, now);
  }
  const added = await history.addPosition(c, row.id, op.observedAt, cols.history, now);
  const action = rules.knownUpsert(added, op.observedAt, Number(row.observed_at));
  if (action === 'history-only') await history.noteLateTags(c, row.id, op.observedAt, cols.history.staticJson, now);
  if (action !== 'write') return rules.storedResult(action, row);
  // Newer than the stored row: the version in force is the row's own tags, no query needed.
  if (!sameStaticTags(toTags(row.tags), next.tags))
    await history.addTagChange(c, row.id, op.observedAt, cols.history.staticJson, 'source', now);
  const overrides = overridesJson(next.overrides);
  await c.query(UPDATE, [...rules.columnArgs(cols), tainted, overrides, op.observedAt, now, row.id]);
  return rules.writtenResult('upsert', row, { ...op, ...next, tainted }, now);
}

async function patch(c: PoolClient, op: PatchOp, now: number): Promise<IngestOpResult> {
  const row = (await c.query<PgRow>(`SELECT ${COLS} FROM osm_objects WHERE id = $1 FOR UPDATE`, [op.objectId])).rows[0];
  if (!row) return rules.noObject(op);
  const plan = rules.planPatch({ ...row, observedAt: Number(row.observed_at), overrides: row.tag_overrides }, op);
  if (!plan) return rules.noCoordinates(op);
  const cols = plan.columns;
  const overrides = overridesJson(plan.overrides);
  await c.query(UPDATE, [...rules.columnArgs(cols), plan.tainted, overrides, plan.observedAt, now, row.id]);
  // An edit: its geometry (when it has one) and its tags are history at the edit's time.
  if (op.geom) await history.setPosition(c, row.id, op.observedAt, cols.history, now);
  await history.noteTags(c, row.id, op.observedAt, cols.history.staticJson, op.origin ?? 'edit', now);
  return rules.writtenResult('patch', row, plan, now);
}

const DELETE_TARGET = 'SELECT id, source_id, type, osm_id, observed_at FROM osm_objects';
const TOMBSTONE = `INSERT INTO object_tombstones (${rules.TOMBSTONE_UPSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5)
  ${rules.TOMBSTONE_UPSERT_CONFLICT}`;

/** The tombstones of a batch's keys (`keyText` → deleted_at), read before it and kept up to date by its deletes. */
type Tombstones = Map<string, number>;
const keyText = (sourceId: string, type: string, osmId: string): string => `${sourceId}\u0000${type}\u0000${osmId}`;

async function readTombstones(c: PoolClient, ops: IngestOp[]): Promise<Tombstones> {
  const ups = ops.filter((op): op is UpsertOp => op.op === 'upsert');
  const out: Tombstones = new Map();
  if (ups.length === 0) return out;
  const res = await c.query<{ source_id: string; type: string; osm_id: string; deleted_at: string }>(
    `SELECT t.source_id, t.type, t.osm_id, t.deleted_at FROM object_tombstones t
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(s, ty, o) ON t.source_id = k.s AND t.type = k.ty AND t.osm_id = k.o`,
    [ups.map((u) => u.sourceId), ups.map((u) => u.type), ups.map((u) => u.osmId)],
  );
  for (const r of res.rows) out.set(keyText(r.source_id, r.type, r.osm_id), Number(r.deleted_at));
  return out;
}

async function remove(c: PoolClient, op: rules.DeleteOp, now: number, tombs: Tombstones): Promise<IngestOpResult> {
  const k = op.key;
  const found = k
    ? await c.query<rules.DeleteTarget>(
        `${DELETE_TARGET} WHERE source_id = $1 AND type = $2 AND osm_id = $3 FOR UPDATE`,
        [k.sourceId, k.type, k.osmId],
      )
    : await c.query<rules.DeleteTarget>(`${DELETE_TARGET} WHERE id = $1 FOR UPDATE`, [op.objectId]);
  const row = found.rows[0];
  const plan = rules.planDelete(op, row, now);
  if (plan.remove) await c.query('DELETE FROM osm_objects WHERE id = $1', [row!.id]);
  const t = plan.tombstone;
  const advanced =
    t !== undefined && ((await c.query(TOMBSTONE, [t.sourceId, t.type, t.osmId, t.at, now])).rowCount ?? 0) > 0;
  if (t) {
    const k = keyText(t.sourceId, t.type, t.osmId);
    tombs.set(k, Math.max(t.at, tombs.get(k) ?? 0));
  }
  return rules.deleteResult(op, row, plan, advanced);
}

async function apply(c: PoolClient, op: IngestOp, now: number, tombs: Tombstones): Promise<IngestOpResult> {
  switch (op.op) {
    case 'upsert': {
      // An observation at or before its key's delete does not bring the object back.
      const deletedAt = tombs.get(keyText(op.sourceId, op.type, op.osmId));
      if (deletedAt !== undefined && op.observedAt <= deletedAt) return rules.deletedRefusal(op, deletedAt);
      return upsert(c, op, now);
    }
    case 'patch':
      return patch(c, op, now);
    case 'delete':
      return remove(c, op, now, tombs);
    default:
      throw rules.unknownOp(op);
  }
}

/** For the change log: an older observation's result with the observation itself (TeamChange). */
function withLateObservation(r: IngestOpResult, op: IngestOp): TeamChange {
  if (op.op !== 'upsert' || r.op !== 'upsert' || r.status !== 'updated' || r.observedMs === op.observedAt) return r;
  return { ...r, late: { tags: op.tags, geom: op.geom, observedMs: op.observedAt } };
}

/**
 * Builds the Postgres applyBatch. Batches of one store run one after another (a queue), so two
 * batches never race to create the same object. What a batch changed goes into the team change log
 * in the same transaction, tagged with `instanceId` (db/pg/pg-change-log.ts).
 */
export function createPgBatchWriter(pool: Pool, instanceId: string): (ops: IngestOp[]) => Promise<IngestOpResult[]> {
  let tail: Promise<unknown> = Promise.resolve();
  const run = async (ops: IngestOp[]): Promise<IngestOpResult[]> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const now = Date.now();
      const results: IngestOpResult[] = [];
      const tombs = await readTombstones(c, ops);
      for (const op of ops) results.push(await apply(c, op, now, tombs));
      await appendChanges(
        c,
        instanceId,
        results.map((r, i) => withLateObservation(r, ops[i]!)),
        now,
      );
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
