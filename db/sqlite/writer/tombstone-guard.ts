/**
 * The writer thread's tombstone check (issue 19, "deletes are tombstones"): an observation of a key
 * at or before that key's delete is refused before it reaches the fast path (fast-upserts.ts,
 * fast-creates.ts), so neither a late feed message nor another desktop's outbox brings a deleted
 * object back. While no tombstone exists and a batch deletes nothing, a batch passes untouched (one
 * flag test); otherwise each upsert costs one primary-key probe, and a batch is cut after each delete
 * so what it deletes is refused later in the same batch, in one transaction.
 */
import type Database from 'better-sqlite3';
import * as rules from '../../object-writes.js';
import { decodeOp, type EncodedOp, type EncodedResults } from './writer-codec.js';

type Writer = (ops: EncodedOp[]) => EncodedResults;

const isDelete = (op: EncodedOp): boolean => !Array.isArray(op) && op.op === 'delete';

/** Wraps `inner` (the fast path over the same `db`). */
export function createTombstoneGuard(db: Database.Database, inner: Writer): Writer {
  const deletedAt = db
    .prepare<[string, string, string], number>(
      'SELECT deleted_at FROM object_tombstones WHERE source_id = ? AND type = ? AND osm_id = ?',
    )
    .pluck();
  let anyTombstone = db.prepare('SELECT 1 FROM object_tombstones LIMIT 1').pluck().get() !== undefined;

  /** The refusal of `op` when its key's tombstone covers it. */
  const refusal = (op: EncodedOp) => {
    const [sourceId, type, osmId, observedAt] = Array.isArray(op)
      ? [op[0], op[1], op[2], op[5]]
      : op.op === 'upsert'
        ? [op.sourceId, op.type, op.osmId, op.observedAt]
        : [];
    if (sourceId === undefined) return undefined;
    const at = deletedAt.get(sourceId, type!, osmId!);
    if (at === undefined || observedAt! > at) return undefined;
    return rules.deletedRefusal(decodeOp(op) as rules.UpsertOp, at);
  };

  /** One run of ops (a delete only at its end): the refused left out, the rest written in order. */
  const segment = (ops: EncodedOp[], out: EncodedResults): void => {
    const refused = anyTombstone ? ops.map(refusal) : [];
    const passed = ops.filter((_, i) => refused[i] === undefined);
    const written = passed.length > 0 ? inner(passed) : [];
    let w = 0;
    for (let i = 0; i < ops.length; i++) out.push(refused[i] ?? written[w++]!);
    if (isDelete(ops[ops.length - 1]!)) anyTombstone = true;
  };

  const guarded = db.transaction((ops: EncodedOp[]): EncodedResults => {
    const out: EncodedResults = [];
    let start = 0;
    for (let i = 0; i < ops.length; i++) {
      if (!isDelete(ops[i]!)) continue;
      segment(ops.slice(start, i + 1), out);
      start = i + 1;
    }
    if (start < ops.length) segment(ops.slice(start), out);
    return out;
  });

  return (ops) => {
    if (!anyTombstone && !ops.some(isDelete)) return inner(ops);
    return guarded.immediate(ops);
  };
}
