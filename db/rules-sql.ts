/**
 * The RulesStore of both dialects, written once as drizzle `sql` over a SqlRunner (as data source
 * CRUD in sql-store.ts): geofence and rule CRUD, alert reads and acknowledgement on the store's main
 * connection (rare writes); the rule engine's effects and state clears through the dialect's write
 * path (`commit`: the SQLite writer thread, a Postgres transaction), in call order.
 */
import { sql, type SQL } from 'drizzle-orm';
import { AppError, NotFoundError } from '../electron/contract/errors.js';
import type { GeofenceGeometry, RuleTrigger, TriggerType } from '../electron/contract/methods/rules.js';
import { inChunks, withAlertIds, type RuleEffectsWrite } from './rule-effects-sql.js';
import type { AlertQuery, RuleStateRow, RulesStore, StoredAlert, StoredGeofence, StoredRule } from './rules-store.js';
import type { SqlRunner } from './sql-runner.js';
import { uuid7 } from './uuid7.js';

const GEOFENCE_COLUMNS = sql.raw(
  'id, name, geometry, min_lon, min_lat, max_lon, max_lat, object_id, created_at, updated_at',
);
const RULE_COLUMNS = sql.raw('id, name, filter, trigger, rearm_seconds, enabled, created_at, updated_at');
const ALERT_COLUMNS = sql.raw(
  'id, rule_id, rule_name, trigger, object_ids, geofence_id, observed_at, raised_at, lon, lat, message, details, acknowledged_at',
);
const NEWEST_FIRST = sql.raw('ORDER BY raised_at DESC, id DESC');
const UNACKNOWLEDGED = sql.raw('acknowledged_at IS NULL');
/** Ids per acknowledge statement (the contract allows 10,000 at once). */
const IDS_PER_STATEMENT = 1000;

type Row = Record<string, unknown>;

/** Builds the RulesStore over `run`; `commit` writes one step's effects in one transaction. */
export function createRulesSql(run: SqlRunner, commit: (write: RuleEffectsWrite) => Promise<void>): RulesStore {
  const toGeofence = (r: Row): StoredGeofence => ({
    id: r.id as string,
    name: r.name as string,
    geometry: run.decodeJson(r.geometry) as GeofenceGeometry,
    bbox: [Number(r.min_lon), Number(r.min_lat), Number(r.max_lon), Number(r.max_lat)],
    objectId: (r.object_id as string | null) ?? null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  });
  const toRule = (r: Row): StoredRule => ({
    id: r.id as string,
    name: r.name as string,
    filter: r.filter as string,
    trigger: run.decodeJson(r.trigger) as RuleTrigger,
    rearmSeconds: Number(r.rearm_seconds),
    enabled: Boolean(r.enabled),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  });
  const toAlert = (r: Row): StoredAlert => ({
    id: r.id as string,
    ruleId: r.rule_id as string,
    ruleName: r.rule_name as string,
    trigger: r.trigger as TriggerType,
    objectIds: run.decodeJson(r.object_ids) as string[],
    geofenceId: (r.geofence_id as string | null) ?? null,
    observedAt: Number(r.observed_at),
    raisedAt: Number(r.raised_at),
    position: r.lon === null || r.lon === undefined ? null : [Number(r.lon), Number(r.lat)],
    message: r.message as string,
    details: run.decodeJson(r.details) as StoredAlert['details'],
    // BIGINT arrives as a string from Postgres.
    acknowledgedAt: r.acknowledged_at === null ? null : Number(r.acknowledged_at),
  });

  /** The one row `query` answers, or NotFoundError(what, id). */
  const one = async <T>(query: SQL, decode: (r: Row) => T, what: string, id: string): Promise<T> => {
    const [row] = await run.all<Row>(query);
    if (!row) throw new NotFoundError(what, id);
    return decode(row);
  };
  /** Runs an UPDATE/DELETE … RETURNING id; NotFoundError when it touched no row. */
  const touch = async (query: SQL, what: string, id: string): Promise<void> => {
    const rows = await run.all(sql`${query} RETURNING id`);
    if (rows.length === 0) throw new NotFoundError(what, id);
  };
  const getGeofence = (id: string) =>
    one(sql`SELECT ${GEOFENCE_COLUMNS} FROM geofences WHERE id = ${id}`, toGeofence, 'Geofence', id);
  const getRule = (id: string) => one(sql`SELECT ${RULE_COLUMNS} FROM rules WHERE id = ${id}`, toRule, 'Rule', id);

  const alertWhere = (query: Omit<AlertQuery, 'limit' | 'offset'>): SQL => {
    const conds: SQL[] = [sql`1 = 1`];
    if (query.since !== undefined) conds.push(sql`raised_at >= ${query.since}`);
    if (query.ruleId !== undefined) conds.push(sql`rule_id = ${query.ruleId}`);
    if (query.acknowledged !== undefined)
      conds.push(query.acknowledged ? sql`acknowledged_at IS NOT NULL` : UNACKNOWLEDGED);
    return sql.join(conds, sql` AND `);
  };
  const selectAlerts = async (where: SQL, limit: number, offset = 0): Promise<StoredAlert[]> =>
    (
      await run.all<Row>(
        sql`SELECT ${ALERT_COLUMNS} FROM alerts WHERE ${where} ${NEWEST_FIRST} LIMIT ${limit} OFFSET ${offset}`,
      )
    ).map(toAlert);
  /** Counts over the alerts' indexes: the query's matches (when asked) and the unacknowledged ones. */
  const counts = async (where: SQL | undefined): Promise<{ total: number; unacknowledged: number }> => {
    const total = where ? sql`(SELECT count(*) FROM alerts WHERE ${where})` : sql`0`;
    const [row] = await run.all<{ t: number | string; u: number | string }>(
      sql`SELECT ${total} AS t, (SELECT count(*) FROM alerts WHERE ${UNACKNOWLEDGED}) AS u`,
    );
    return { total: Number(row?.t ?? 0), unacknowledged: Number(row?.u ?? 0) };
  };
  /** Sets acknowledged_at on the unacknowledged alerts `where` picks; answers how many. */
  const acknowledge = async (where: SQL, at: number): Promise<number> =>
    (
      await run.all(
        sql`UPDATE alerts SET acknowledged_at = ${at} WHERE ${UNACKNOWLEDGED} AND ${where} RETURNING 1 AS n`,
      )
    ).length;

  return {
    async listGeofences() {
      return (await run.all<Row>(sql`SELECT ${GEOFENCE_COLUMNS} FROM geofences ORDER BY name, id`)).map(toGeofence);
    },
    getGeofence,
    async createGeofence(input) {
      const id = uuid7();
      const now = Date.now();
      const [minLon, minLat, maxLon, maxLat] = input.bbox;
      await run.all(
        sql`INSERT INTO geofences (id, name, geometry, min_lon, min_lat, max_lon, max_lat, object_id, created_at, updated_at)
            VALUES (${id}, ${input.name}, ${run.json(input.geometry)}, ${minLon}, ${minLat}, ${maxLon}, ${maxLat},
                    ${input.objectId}, ${now}, ${now})`,
      );
      return getGeofence(id);
    },
    async updateGeofence(id, patch) {
      if ((patch.geometry === undefined) !== (patch.bbox === undefined)) {
        throw new AppError('INVALID_INPUT', `Geofence '${id}' needs its geometry and its bbox changed together.`, {
          details: { id },
        });
      }
      const sets: SQL[] = [sql`updated_at = ${Date.now()}`];
      if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
      if (patch.geometry !== undefined) sets.push(sql`geometry = ${run.json(patch.geometry)}`);
      if (patch.bbox !== undefined) {
        const [minLon, minLat, maxLon, maxLat] = patch.bbox;
        sets.push(sql`min_lon = ${minLon}, min_lat = ${minLat}, max_lon = ${maxLon}, max_lat = ${maxLat}`);
      }
      await touch(sql`UPDATE geofences SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`, 'Geofence', id);
      return getGeofence(id);
    },
    deleteGeofence: (id) => touch(sql`DELETE FROM geofences WHERE id = ${id}`, 'Geofence', id),

    async listRules() {
      return (await run.all<Row>(sql`SELECT ${RULE_COLUMNS} FROM rules ORDER BY name, id`)).map(toRule);
    },
    getRule,
    async createRule(input) {
      const id = uuid7();
      const now = Date.now();
      await run.all(
        sql`INSERT INTO rules (id, name, filter, trigger, rearm_seconds, enabled, created_at, updated_at)
            VALUES (${id}, ${input.name}, ${input.filter}, ${run.json(input.trigger)}, ${input.rearmSeconds},
                    ${run.bool(input.enabled)}, ${now}, ${now})`,
      );
      return getRule(id);
    },
    async updateRule(id, patch) {
      const sets: SQL[] = [sql`updated_at = ${Date.now()}`];
      if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
      if (patch.filter !== undefined) sets.push(sql`filter = ${patch.filter}`);
      if (patch.trigger !== undefined) sets.push(sql`trigger = ${run.json(patch.trigger)}`);
      if (patch.rearmSeconds !== undefined) sets.push(sql`rearm_seconds = ${patch.rearmSeconds}`);
      if (patch.enabled !== undefined) sets.push(sql`enabled = ${run.bool(patch.enabled)}`);
      await touch(sql`UPDATE rules SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`, 'Rule', id);
      return getRule(id);
    },
    // rule_state rows go with the rule (ON DELETE CASCADE); its alerts stay.
    deleteRule: (id) => touch(sql`DELETE FROM rules WHERE id = ${id}`, 'Rule', id),

    async listAlerts(query) {
      const where = alertWhere(query);
      const items = await selectAlerts(where, query.limit, query.offset);
      // A short first page is the whole result: only the unacknowledged count is left to read.
      const isWhole = query.offset === 0 && items.length < query.limit;
      const { total, unacknowledged } = await counts(isWhole ? undefined : where);
      return { items, total: isWhole ? items.length : total, unacknowledged };
    },
    async *iterateAlerts(query, pageSize = 500) {
      const where = alertWhere(query);
      // Keyset paging on the (raised_at, id) index, so page N costs no more than page 1.
      for (let last: StoredAlert | undefined; ;) {
        const page = await selectAlerts(
          last ? sql`${where} AND (raised_at, id) < (${last.raisedAt}, ${last.id})` : where,
          pageSize,
        );
        if (page.length > 0) yield page;
        if (page.length < pageSize) return;
        last = page[page.length - 1];
      }
    },
    async acknowledgeAlerts(target, at) {
      if ('all' in target) {
        return acknowledge(target.ruleId === undefined ? sql`1 = 1` : sql`rule_id = ${target.ruleId}`, at);
      }
      let changed = 0;
      for (const ids of inChunks(target.ids, IDS_PER_STATEMENT)) {
        changed += await acknowledge(
          sql`id IN (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
          at,
        );
      }
      return changed;
    },
    countUnacknowledged: async () => (await counts(undefined)).unacknowledged,

    async commitRuleEffects(effects) {
      const write = withAlertIds(effects);
      if (write.alerts.length + write.setState.length + write.clearState.length > 0) await commit(write);
      return write.alerts;
    },
    async loadRuleState(ruleId) {
      const rows = await run.all<Row>(
        sql`SELECT rule_id, key, state FROM rule_state ${ruleId === undefined ? sql`` : sql`WHERE rule_id = ${ruleId}`}
            ORDER BY rule_id, key`,
      );
      return rows.map((r): RuleStateRow => ({
        ruleId: r.rule_id as string,
        key: r.key as string,
        state: run.decodeJson(r.state),
      }));
    },
    // Through the write path, so a clear is ordered with the effects committed before and after it.
    clearRuleState: (ruleId) => commit({ alerts: [], setState: [], clearState: [], clearRules: [ruleId] }),
  };
}
