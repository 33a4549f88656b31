/**
 * SQLite schema of rules and alerts (issue 15): geofences (a (Multi)Polygon as GeoJSON text plus its
 * bbox), rules (filter text + trigger JSON), the alerts they raise (kept when a rule or object goes)
 * and the rule engine's saved state, deleted with its rule. Times are epoch milliseconds.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { TRIGGER_TYPES, type GeofenceGeometry, type RuleTrigger } from '../../../electron/contract/methods/rules.js';

/** Named areas; `min_lon > max_lon` when the area crosses the antimeridian. */
export const geofences = sqliteTable('geofences', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  geometry: text('geometry', { mode: 'json' }).$type<GeofenceGeometry>().notNull(),
  minLon: real('min_lon').notNull(),
  minLat: real('min_lat').notNull(),
  maxLon: real('max_lon').notNull(),
  maxLat: real('max_lat').notNull(),
  /** The stored object the area was taken from (no foreign key: the area outlives the object). */
  objectId: text('object_id'),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

/** Rules: which objects (filter text syntax) and when to fire (trigger). */
export const rules = sqliteTable('rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  filter: text('filter').notNull().default(''),
  trigger: text('trigger', { mode: 'json' }).$type<RuleTrigger>().notNull(),
  rearmSeconds: real('rearm_seconds').notNull().default(0),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

/**
 * Every firing of a rule. No foreign keys: an alert outlives its rule, geofence and objects. Listed
 * newest first (raised_at, id); the partial index serves the unacknowledged count and listing.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    trigger: text('trigger', { enum: TRIGGER_TYPES }).notNull(),
    objectIds: text('object_ids', { mode: 'json' }).$type<string[]>().notNull(),
    geofenceId: text('geofence_id'),
    observedAt: integer('observed_at', { mode: 'number' }).notNull(),
    raisedAt: integer('raised_at', { mode: 'number' }).notNull(),
    lon: real('lon'),
    lat: real('lat'),
    message: text('message').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    acknowledgedAt: integer('acknowledged_at', { mode: 'number' }),
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
export const ruleState = sqliteTable(
  'rule_state',
  {
    ruleId: text('rule_id')
      .notNull()
      .references(() => rules.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    state: text('state', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.key] })],
);
