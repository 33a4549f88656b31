/**
 * Postgres schema of deleted objects (issue 19: deletes are tombstones), as on SQLite: the key and
 * the time a delete counts for, so older observations never bring the object back; and the change
 * log's horizon, the highest sequence pruning removed, so a desktop whose last applied sequence is
 * below it knows it missed changes and resyncs from the objects. Times are epoch milliseconds.
 */
import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** One row per deleted key; `deleted_at` only moves forward. */
export const objectTombstones = pgTable(
  'object_tombstones',
  {
    sourceId: text('source_id').notNull(),
    type: text('type').notNull(),
    osmId: text('osm_id').notNull(),
    /** The delete's time: observations at or before it are refused. */
    deletedAt: bigint('deleted_at', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.type, t.osmId] })],
);

/** One row (id 1) once the change log was first pruned: the highest `seq` removed. */
export const changeLogHorizon = pgTable('change_log_horizon', {
  id: integer('id').primaryKey(),
  prunedThrough: bigint('pruned_through', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});
