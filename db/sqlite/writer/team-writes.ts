/**
 * The writer thread's half of a desktop syncing through a team Postgres (issue 19 item 2): with the
 * outbox on, every local batch records what it changed in `team_outbox` in the batch's own
 * transaction (nothing committed is ever missing from the outbox, even after SIGKILL); a delete goes
 * as its tombstone (the key and the delete's time); a batch of the team's changes is applied without
 * an outbox entry (no echo) and moves `last_seq` in the same transaction (resume without gaps or
 * doubles); a page of a resync moves nothing (its end does).
 */
import type Database from 'better-sqlite3';
import type { IngestOpResult } from '../../store.js';
import type { EncodedOp, EncodedResults } from './writer-codec.js';

type BatchWriter = (ops: EncodedOp[]) => EncodedResults;

/** The batch writer wrapped for a team: `apply` (local, outboxed) and `applyInbound` (the team's). */
export function createTeamWrites(
  db: Database.Database,
  applyBatch: BatchWriter,
): { apply: BatchWriter; applyInbound(ops: EncodedOp[], seq: number | undefined): EncodedResults } {
  const insert = db.prepare(
    'INSERT INTO team_outbox (op, source_id, type, osm_id, observed_at, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const setSeq = db.prepare(
    `INSERT INTO team_sync_state (key, value, updated_at) VALUES ('last_seq', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );

  const record = (op: EncodedOp, result: EncodedResults[number], now: number): void => {
    if (Array.isArray(op)) {
      // An encoded upsert (writer-codec.ts); a stale result [.., duplicate=1, ..] is a repeat.
      if (!Array.isArray(result) ? !changed(result) : result.length === 8 && result[3] === 1) return;
      const payload = `{"tags":${op[3]},"geom":${op[4]}${op[6] === 1 ? ',"tainted":true' : ''}}`;
      insert.run('upsert', op[0], op[1], op[2], op[5], payload, now);
      return;
    }
    if (Array.isArray(result) || !changed(result)) return;
    if (op.op === 'upsert') {
      const payload = JSON.stringify({ tags: op.tags, geom: op.geom, ...(op.tainted ? { tainted: true } : {}) });
      insert.run('upsert', op.sourceId, op.type, op.osmId, op.observedAt, payload, now);
    } else if (op.op === 'patch' && result.op === 'patch' && 'object' in result) {
      const { objectId: _id, op: _op, ...rest } = op;
      const o = result.object;
      insert.run('patch', o.source_id, o.type, o.osm_id, op.observedAt, JSON.stringify(rest), now);
    } else if (op.op === 'delete' && result.status === 'deleted' && result.sourceId !== undefined) {
      // The tombstone: the team's copy goes by key, and only when it is not newer than the delete.
      insert.run('delete', result.sourceId, result.type, result.osmId, result.observedMs ?? now, '{}', now);
    }
  };

  const apply = db.transaction((ops: EncodedOp[]): EncodedResults => {
    const results = applyBatch(ops); // nested: a savepoint inside this transaction
    const now = Date.now();
    ops.forEach((op, i) => record(op, results[i]!, now));
    return results;
  });
  const inbound = db.transaction((ops: EncodedOp[], seq: number | undefined): EncodedResults => {
    const results = ops.length > 0 ? applyBatch(ops) : [];
    if (seq !== undefined) setSeq.run(String(seq), Date.now());
    return results;
  });
  return {
    apply: (ops) => (ops.length === 0 ? [] : apply.immediate(ops)),
    applyInbound: (ops, seq) => inbound.immediate(ops, seq),
  };
}

function changed(r: IngestOpResult): boolean {
  return r.status === 'created' || r.status === 'updated' || r.status === 'deleted';
}
