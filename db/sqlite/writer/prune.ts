/**
 * The retention step on the SQLite writer thread (db/history-retention.ts): one IMMEDIATE transaction
 * per step on the writer's own connection, between ingest batches, so retention never opens a second
 * writing connection and never holds the write lock for long.
 */
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import {
  chunkEndSql,
  pruneDeleteSql,
  type HistoryKeyValue,
  type PruneStep,
  type PruneStepResult,
} from '../../history-retention.js';

/** Builds the synchronous step runner over the writer's connection `db`. */
export function createSqlitePruneStep(db: Database.Database): (step: PruneStep) => PruneStepResult {
  const dialect = new SQLiteSyncDialect();
  const statements = new Map<string, Database.Statement>();
  const render = (query: SQL): [Database.Statement, unknown[]] => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    let stmt = statements.get(text);
    if (!stmt) statements.set(text, (stmt = db.prepare(text)));
    return [stmt, params];
  };
  const step = db.transaction((s: PruneStep): PruneStepResult => {
    let upTo = s.upTo;
    if (upTo === null) {
      const [end, params] = render(chunkEndSql('sqlite', s.after, s.objects));
      upTo = (end.get(...params) as { k: HistoryKeyValue | null } | undefined)?.k ?? null;
      if (upTo === null) return { upTo: null, removed: 0 };
    }
    const [remove, params] = render(pruneDeleteSql({ ...s, upTo }));
    return { upTo, removed: remove.run(...params).changes };
  });
  return (s) => step.immediate(s);
}
