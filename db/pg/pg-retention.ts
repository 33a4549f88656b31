/**
 * The retention step on Postgres (db/history-retention.ts): the key range's end, then one DELETE
 * statement (its own short transaction) on the pool, beside the batch writer's transactions.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Pool } from 'pg';
import {
  chunkEndSql,
  pruneDeleteSql,
  type HistoryKeyValue,
  type PruneStep,
  type PruneStepResult,
} from '../history-retention.js';

/** Builds the step runner over `pool`. */
export function createPgPruneStep(pool: Pool): (step: PruneStep) => Promise<PruneStepResult> {
  const dialect = new PgDialect();
  const query = <T extends Record<string, unknown>>(q: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(q);
    return pool.query<T>(text, params);
  };
  return async (s) => {
    let upTo = s.upTo;
    if (upTo === null) {
      const end = await query<{ k: HistoryKeyValue | null }>(chunkEndSql('postgres', s.after, s.objects));
      upTo = end.rows[0]?.k ?? null;
      if (upTo === null) return { upTo: null, removed: 0 };
    }
    const removed = await query(pruneDeleteSql({ ...s, upTo }));
    return { upTo, removed: removed.rowCount ?? 0 };
  };
}
