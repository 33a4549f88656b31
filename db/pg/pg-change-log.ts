/**
 * The team change log on Postgres (issue 19). Every committed batch that changed something adds one
 * `change_log` row in its own transaction, with `pg_notify('tracker_changes', seq)` (delivered at
 * commit; it carries only the sequence). Followers read rows after their last sequence.
 *
 * Why reading `seq > last` never skips a row: a bigserial is handed out at insert, not at commit, so
 * two concurrent transactions could commit out of sequence order and a follower that had read the
 * later one would step over the earlier. Here the insert takes a transaction-level advisory lock
 * first, held until commit, and Postgres makes a transaction visible before it releases its locks:
 * so a batch's `seq` is taken only after every earlier log row is committed and visible, and `seq`
 * order is commit order. Only the short log insert and the commit are serialized across instances;
 * the object writes before it run concurrently. A rolled-back insert leaves a gap that is never
 * filled, which a follower simply passes.
 */
import type { PoolClient } from 'pg';
import type { IngestOpResult } from '../store.js';

/** The NOTIFY channel. */
export const CHANGE_CHANNEL = 'tracker_changes';
/** Advisory lock key of the log's tail (the migrations use 0x4f534d54). */
const LOG_LOCK_KEY = 0x4f534d55;

/** The results worth announcing to other instances: what changed an object. */
export function changedResults(results: IngestOpResult[]): IngestOpResult[] {
  return results.filter((r) => r.status === 'created' || r.status === 'updated' || r.status === 'deleted');
}

/**
 * Appends a batch's changes to the log inside the caller's open transaction (just before COMMIT)
 * and queues the NOTIFY. Nothing is written when nothing changed.
 */
export async function appendChanges(
  c: PoolClient,
  instanceId: string,
  results: IngestOpResult[],
  now: number,
): Promise<void> {
  const changes = changedResults(results);
  if (changes.length === 0) return;
  await c.query('SELECT pg_advisory_xact_lock($1)', [LOG_LOCK_KEY]);
  await c.query(
    `WITH row AS (INSERT INTO change_log (instance_id, changes, created_at) VALUES ($1, $2, $3) RETURNING seq)
     SELECT pg_notify('${CHANGE_CHANNEL}', seq::text) FROM row`,
    [instanceId, JSON.stringify(changes), now],
  );
}
