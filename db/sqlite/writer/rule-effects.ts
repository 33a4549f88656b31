/**
 * The rule engine's effects on the SQLite writer thread (RulesStore.commitRuleEffects): one IMMEDIATE
 * transaction per step on the writer's own connection, between ingest batches, so alerts at a high
 * rate never make the main thread wait for the write lock or an fsync (ARCHITECTURE §9).
 */
import type Database from 'better-sqlite3';
import { ruleEffectsSql, type RuleEffectsWrite } from '../../rule-effects-sql.js';
import { createStatementCache } from '../sqlite-runner.js';

/** Builds the synchronous effects writer over the writer's connection `db`. */
export function createSqliteRuleEffects(db: Database.Database): (write: RuleEffectsWrite) => void {
  const statement = createStatementCache(db);
  const commit = db.transaction((write: RuleEffectsWrite): void => {
    for (const query of ruleEffectsSql('sqlite', write)) {
      const { stmt, params } = statement(query);
      stmt.run(...params);
    }
  });
  return (write) => commit.immediate(write);
}
