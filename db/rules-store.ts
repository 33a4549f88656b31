/**
 * The store's part for rules and alerts (issue 15): geofences, rules, alerts and the rule engine's
 * persisted state, on both dialects. Times are epoch ms; geometry and triggers are stored as JSON.
 */
import type { GeofenceGeometry, RuleTrigger, TriggerType } from '../electron/contract/methods/rules.js';

export interface StoredGeofence {
  id: string;
  name: string;
  geometry: GeofenceGeometry;
  /** [minLon, minLat, maxLon, maxLat] as computed by the caller (core/rules/geo). */
  bbox: [number, number, number, number];
  objectId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewGeofence {
  name: string;
  geometry: GeofenceGeometry;
  bbox: [number, number, number, number];
  objectId: string | null;
}

export interface GeofencePatch {
  name?: string;
  geometry?: GeofenceGeometry;
  bbox?: [number, number, number, number];
}

export interface StoredRule {
  id: string;
  name: string;
  /** The filter text syntax. */
  filter: string;
  trigger: RuleTrigger;
  rearmSeconds: number;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export type NewRule = Omit<StoredRule, 'id' | 'createdAt' | 'updatedAt'>;
export type RulePatch = Partial<NewRule>;

export interface StoredAlert {
  id: string;
  ruleId: string;
  ruleName: string;
  trigger: TriggerType;
  objectIds: string[];
  geofenceId: string | null;
  observedAt: number;
  raisedAt: number;
  /** [lon, lat] or null. */
  position: [number, number] | null;
  message: string;
  details: Record<string, number | string | boolean | null>;
  acknowledgedAt: number | null;
}

export type NewAlert = Omit<StoredAlert, 'id' | 'acknowledgedAt'>;

export interface AlertQuery {
  /** raised_at >= since (epoch ms). */
  since?: number;
  ruleId?: string;
  acknowledged?: boolean;
  limit: number;
  offset: number;
}

/**
 * One piece of a rule's evaluation state, e.g. "object X is inside since T" or "pair A|B is close".
 * `key` is the engine's (an object id, a pair of ids, or a name of the engine's choosing); `state` is
 * any JSON value the engine reads back after a restart.
 */
export interface RuleStateRow {
  ruleId: string;
  key: string;
  state: unknown;
}

/** What one evaluation step of the engine changes, written in ONE transaction. */
export interface RuleEffects {
  alerts: NewAlert[];
  /** Inserted or replaced by (ruleId, key). */
  setState: RuleStateRow[];
  /** Removed by (ruleId, key); missing rows are ignored. */
  clearState: { ruleId: string; key: string }[];
}

export interface RulesStore {
  listGeofences(): Promise<StoredGeofence[]>;
  /** NotFoundError('Geofence', id) when missing. */
  getGeofence(id: string): Promise<StoredGeofence>;
  createGeofence(input: NewGeofence): Promise<StoredGeofence>;
  updateGeofence(id: string, patch: GeofencePatch): Promise<StoredGeofence>;
  /** NotFoundError when missing. Does not look at rules: the caller checks for rules using it. */
  deleteGeofence(id: string): Promise<void>;

  listRules(): Promise<StoredRule[]>;
  /** NotFoundError('Rule', id) when missing. */
  getRule(id: string): Promise<StoredRule>;
  createRule(input: NewRule): Promise<StoredRule>;
  updateRule(id: string, patch: RulePatch): Promise<StoredRule>;
  /** Deletes the rule and its state rows; its alerts are kept. NotFoundError when missing. */
  deleteRule(id: string): Promise<void>;

  /** Newest first (raised_at desc, then id desc); `total` counts the query's matches, `unacknowledged` the whole table's. */
  listAlerts(query: AlertQuery): Promise<{ items: StoredAlert[]; total: number; unacknowledged: number }>;
  /** Every alert matching the query (limit/offset ignored), newest first, in pages (exports). */
  iterateAlerts(query: Omit<AlertQuery, 'limit' | 'offset'>, pageSize?: number): AsyncIterable<StoredAlert[]>;
  /** Sets acknowledged_at = at on the named unacknowledged alerts (or all of them, of one rule when given); answers how many changed. */
  acknowledgeAlerts(target: { ids: string[] } | { all: true; ruleId?: string }, at: number): Promise<number>;
  countUnacknowledged(): Promise<number>;

  /** One transaction (SQLite: on the writer thread, as ingest batches are); answers the stored alerts with ids, in order. */
  commitRuleEffects(effects: RuleEffects): Promise<StoredAlert[]>;
  /** Every state row of one rule (or of every rule). */
  loadRuleState(ruleId?: string): Promise<RuleStateRow[]>;
  /** Drops every state row of a rule (a rule changed: it starts afresh). */
  clearRuleState(ruleId: string): Promise<void>;
}
