/**
 * The retention step on Postgres (db/history-retention.ts): the key range's end, then one DELETE
 * statement (its own short transaction) on the pool, beside the batch writer's transactions.
 */
import type { SQL } from 'drizzle-orm';
import type { QueryResult } from 'pg';
import {
  chunkEndSql,
  pruneDeleteSql,
  type HistoryKeyValue,
  type PruneStep,
  type PruneStepResult,
} from '../history-retention.js';

/** Builds the step runner over `query` (the store's: drizzle `sql` run on its pool). */
export function createPgPruneStep(
  query: (q: SQL) => Promise<QueryResult>,
): (step: PruneStep) => Promise<PruneStepResult> {
  return async (s) => {
    let upTo = s.upTo;
    if (upTo === null) {
      const end = await query(chunkEndSql('postgres', s.after, s.objects));
      upTo = (end.rows[0] as { k: HistoryKeyValue | null } | undefined)?.k ?? null;
      if (upTo === null) return { upTo: null, removed: 0 };
    }
    const removed = await query(pruneDeleteSql({ ...s, upTo }));
    return { upTo, removed: removed.rowCount ?? 0 };
  };
}
