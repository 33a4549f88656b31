/**
 * The rule engine's effects on Postgres (RulesStore.commitRuleEffects): each step in ONE transaction
 * on one pooled client, steps one after another, so a later step's state never lands before an
 * earlier one's.
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Pool } from 'pg';
import { ruleEffectsSql, type RuleEffectsWrite } from '../rule-effects-sql.js';

/** Builds the Postgres `commitRuleEffects` of the store over `pool`. */
export function createPgRuleEffects(pool: Pool): (write: RuleEffectsWrite) => Promise<void> {
  const dialect = new PgDialect();
  let tail: Promise<unknown> = Promise.resolve();
  const run = async (write: RuleEffectsWrite): Promise<void> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      for (const statement of ruleEffectsSql('postgres', write)) {
        const { sql: text, params } = dialect.sqlToQuery(statement);
        await c.query(text, params);
      }
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };
  return (write) => {
    const result = tail.then(() => run(write));
    tail = result.catch(() => undefined);
    return result;
  };
}
