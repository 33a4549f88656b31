/**
 * Postgres schema of rules and alerts (issue 15): geofences (a (Multi)Polygon as JSONB plus its
 * bbox), rules (filter text + trigger JSONB), the alerts they raise (kept when a rule or object goes)
 * and the rule engine's saved state, deleted with its rule. Times are epoch milliseconds (BIGINT).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { TRIGGER_TYPES, type GeofenceGeometry, type RuleTrigger } from '../../../electron/contract/methods/rules.js';

/** Named areas; `min_lon > max_lon` when the area crosses the antimeridian. */
export const geofences = pgTable('geofences', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  geometry: jsonb('geometry').$type<GeofenceGeometry>().notNull(),
  minLon: doublePrecision('min_lon').notNull(),
  minLat: doublePrecision('min_lat').notNull(),
  maxLon: doublePrecision('max_lon').notNull(),
  maxLat: doublePrecision('max_lat').notNull(),
  /** The stored object the area was taken from (no foreign key: the area outlives the object). */
  objectId: text('object_id'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/** Rules: which objects (filter text syntax) and when to fire (trigger). */
export const rules = pgTable('rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  filter: text('filter').notNull().default(''),
  trigger: jsonb('trigger').$type<RuleTrigger>().notNull(),
  rearmSeconds: doublePrecision('rearm_seconds').notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/**
 * Every firing of a rule. No foreign keys: an alert outlives its rule, geofence and objects. Listed
 * newest first (raised_at, id); the partial index serves the unacknowledged count and listing.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    trigger: text('trigger', { enum: TRIGGER_TYPES }).notNull(),
    objectIds: jsonb('object_ids').$type<string[]>().notNull(),
    geofenceId: text('geofence_id'),
    observedAt: bigint('observed_at', { mode: 'number' }).notNull(),
    raisedAt: bigint('raised_at', { mode: 'number' }).notNull(),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    acknowledgedAt: bigint('acknowledged_at', { mode: 'number' }),
  },
  (t) => [
    index('alerts_raised_idx').on(t.raisedAt, t.id),
    index('alerts_rule_raised_idx').on(t.ruleId, t.raisedAt, t.id),
    index('alerts_unacknowledged_idx')
      .on(t.raisedAt, t.id)
      .where(sql`acknowledged_at IS NULL`),
  ],
);

/** The rule engine's state, one JSON value per (rule, key); deleted with the rule. */
export const ruleState = pgTable(
  'rule_state',
  {
    ruleId: text('rule_id')
      .notNull()
      .references(() => rules.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    state: jsonb('state').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.key] })],
);
