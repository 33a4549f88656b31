/**
 * The Postgres object write path: one transaction per batch of IngestOps on one pooled client,
 * with the same semantics as the SQLite writer (idempotent history, newest observation wins).
 */
import { uuid7 } from '../uuid7.js';
import type { Pool, PoolClient } from 'pg';
import * as rules from '../object-writes.js';
import type { PatchOp, UpsertOp } from '../object-writes.js';
import type { ObjectType } from '../../electron/contract/domain.js';
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

async function apply(c: PoolClient, op: IngestOp, now: number): Promise<IngestOpResult> {
  switch (op.op) {
    case 'upsert':
      return upsert(c, op, now);
    case 'patch':
      return patch(c, op, now);
    case 'delete': {
      const gone = await c.query<{ source_id: string; type: ObjectType; osm_id: string }>(
        'DELETE FROM osm_objects WHERE id = $1 RETURNING source_id, type, osm_id',
        [op.objectId],
      );
      return rules.deleteResult(op.objectId, gone.rows[0]);
    }
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
      for (const op of ops) results.push(await apply(c, op, now));
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
