/**
 * The write of one rule-engine step (RulesStore.commitRuleEffects) as drizzle `sql` statements that
 * both dialects' write paths run in ONE transaction: the SQLite writer thread (writer/rule-effects.ts)
 * and a Postgres client (pg/pg-rule-effects.ts). Plain data in, so it crosses to the worker thread.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { RuleEffects, RuleStateRow, StoredAlert } from './rules-store.js';
import { uuid7 } from './uuid7.js';

/** RuleEffects with the alerts' ids given, plus rules whose whole state goes first (clearRuleState). */
export interface RuleEffectsWrite {
  alerts: StoredAlert[];
  setState: RuleStateRow[];
  clearState: { ruleId: string; key: string }[];
  clearRules: string[];
}

/** Rows per statement on Postgres (one round trip each, far below its 65,535 parameters). */
const PG_ROWS_PER_STATEMENT = 500;

/** `rows` in slices of at most `size`. */
export function inChunks<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/**
 * Gives each new alert a UUIDv7 of its raised_at, unacknowledged. Alerts of one step that share a
 * millisecond get ascending ids in the step's order, so "newest first" lists them in reverse.
 */
export function withAlertIds(effects: RuleEffects): RuleEffectsWrite {
  const { alerts } = effects;
  const order = alerts.map((_, i) => i).sort((x, y) => alerts[x]!.raisedAt - alerts[y]!.raisedAt || x - y);
  // uuid7's text starts with its time, so sorted ids follow the alerts sorted by raised_at.
  const ids = order.map((i) => uuid7(alerts[i]!.raisedAt)).sort();
  const stored: StoredAlert[] = new Array<StoredAlert>(alerts.length);
  order.forEach((i, k) => (stored[i] = { ...alerts[i]!, id: ids[k]!, acknowledgedAt: null }));
  return { alerts: stored, setState: effects.setState, clearState: effects.clearState, clearRules: [] };
}

/** JSON text of a state or detail value; `undefined` is stored as JSON null. */
const jsonText = (value: unknown): string => JSON.stringify(value) ?? 'null';

function alertRow(a: StoredAlert): SQL {
  const [lon, lat] = a.position ?? [null, null];
  return sql`(${a.id}, ${a.ruleId}, ${a.ruleName}, ${a.trigger}, ${jsonText(a.objectIds)}, ${a.geofenceId}, ${a.observedAt},
    ${a.raisedAt}, ${lon}, ${lat}, ${a.message}, ${jsonText(a.details)}, ${a.acknowledgedAt})`;
}

/** The last row per (rule, key): one statement must not upsert a row twice (Postgres refuses). */
function lastPerKey(rows: RuleStateRow[]): RuleStateRow[] {
  const byKey = new Map<string, RuleStateRow>();
  for (const row of rows) byKey.set(`${row.ruleId}\u0000${row.key}`, row);
  return [...byKey.values()];
}

/**
 * The statements, in order: every state row of `clearRules`, the alerts, the state rows set (the
 * last one per key), then the state rows cleared. SQLite runs one row per statement (each prepared
 * once, as its batch writer does); Postgres up to PG_ROWS_PER_STATEMENT rows per round trip.
 */
export function ruleEffectsSql(dialect: 'sqlite' | 'postgres', write: RuleEffectsWrite): SQL[] {
  const isPg = dialect === 'postgres';
  const size = isPg ? PG_ROWS_PER_STATEMENT : 1;
  // A rule deleted meanwhile gets no state (its foreign key would fail the whole step). On Postgres
  // the row is locked as a foreign key check would, so a delete committed meanwhile skips it.
  const ruleExists = sql.raw(`EXISTS (SELECT 1 FROM rules r WHERE r.id = v.column1${isPg ? ' FOR KEY SHARE' : ''})`);
  const stateJson = (value: unknown): SQL => (isPg ? sql`${jsonText(value)}::jsonb` : sql`${jsonText(value)}`);
  return [
    ...inChunks(write.clearRules, size).map(
      (ids) =>
        sql`DELETE FROM rule_state WHERE rule_id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
    ),
    ...inChunks(write.alerts, size).map(
      (rows) =>
        sql`INSERT INTO alerts (id, rule_id, rule_name, trigger, object_ids, geofence_id, observed_at, raised_at, lon, lat,
              message, details, acknowledged_at) VALUES ${sql.join(rows.map(alertRow), sql`, `)}`,
    ),
    ...inChunks(lastPerKey(write.setState), size).map(
      (rows) =>
        sql`INSERT INTO rule_state (rule_id, key, state)
            SELECT v.column1, v.column2, v.column3
            FROM (VALUES ${sql.join(
              rows.map((r) => sql`(${r.ruleId}, ${r.key}, ${stateJson(r.state)})`),
              sql`, `,
            )}) v
            WHERE ${ruleExists}
            ON CONFLICT (rule_id, key) DO UPDATE SET state = excluded.state`,
    ),
    ...inChunks(write.clearState, size).map(
      (rows) =>
        sql`DELETE FROM rule_state WHERE (rule_id, key) IN (VALUES ${sql.join(
          rows.map((r) => sql`(${r.ruleId}, ${r.key})`),
          sql`, `,
        )})`,
    ),
  ];
}
