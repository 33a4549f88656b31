/**
 * SQLite schema of deleted objects (issue 19: deletes are tombstones). A delete removes the object's
 * row and history and leaves this row: the object's key and the time the delete counts for, so an
 * observation of that key from before it (a late feed message, another desktop's outbox) never brings
 * the object back, whatever order they arrive in. Times are epoch milliseconds.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per deleted key; `deleted_at` only moves forward. */
export const objectTombstones = sqliteTable(
  'object_tombstones',
  {
    sourceId: text('source_id').notNull(),
    type: text('type').notNull(),
    osmId: text('osm_id').notNull(),
    /** The delete's time: observations at or before it are refused. */
    deletedAt: integer('deleted_at', { mode: 'number' }).notNull(),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.type, t.osmId] })],
);
