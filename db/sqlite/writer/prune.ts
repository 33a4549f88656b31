/**
 * The retention step on the SQLite writer thread (db/history-retention.ts): one IMMEDIATE transaction
 * per step on the writer's own connection, between ingest batches, so retention never opens a second
 * writing connection and never holds the write lock for long.
 */
import type Database from 'better-sqlite3';
import {
  chunkEndSql,
  pruneDeleteSql,
  type HistoryKeyValue,
  type PruneStep,
  type PruneStepResult,
} from '../../history-retention.js';
import { createStatementCache } from '../sqlite-runner.js';

/** Builds the synchronous step runner over the writer's connection `db`. */
export function createSqlitePruneStep(db: Database.Database): (step: PruneStep) => PruneStepResult {
  const statement = createStatementCache(db);
  const step = db.transaction((s: PruneStep): PruneStepResult => {
    let upTo = s.upTo;
    if (upTo === null) {
      const end = statement(chunkEndSql('sqlite', s.after, s.objects));
      upTo = (end.stmt.get(...end.params) as { k: HistoryKeyValue | null } | undefined)?.k ?? null;
      if (upTo === null) return { upTo: null, removed: 0 };
    }
    const remove = statement(pruneDeleteSql({ ...s, upTo }));
    return { upTo, removed: remove.stmt.run(...remove.params).changes };
  });
  return (s) => step.immediate(s);
}
