/**
 * SQLite schema of a desktop that syncs through a team Postgres (issue 19 item 2): the durable
 * outbox of local changes not yet committed in the team database (written in the same transaction
 * as the change), and the sync state (this desktop's instance id in the team change log, the last
 * team change applied here). Times are epoch milliseconds.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Local changes waiting for the team database, sent in `id` order and removed once committed there. */
export const teamOutbox = sqliteTable('team_outbox', {
  id: integer('id', { mode: 'number' }).primaryKey({ autoIncrement: true }),
  /** 'upsert' | 'patch' | 'delete' */
  op: text('op').notNull(),
  /** The object's key: the same on every instance (object ids are per database). */
  sourceId: text('source_id').notNull(),
  type: text('type').notNull(),
  osmId: text('osm_id').notNull(),
  observedAt: integer('observed_at', { mode: 'number' }),
  /** The op without its key, as JSON (tags, geometry, patch mode). */
  payload: text('payload').notNull(),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
});

/** Sync state, one row per key: `instance_id`, `last_seq`. */
export const teamSyncState = sqliteTable('team_sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});
