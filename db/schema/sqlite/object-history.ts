/**
 * SQLite schema of `object_history`: one row per accepted observation or edit, with the full tags
 * after the change. Unique on (object_id, observed_at), which makes ingest idempotent.
 */
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Geometry, Tags } from '../../../electron/contract/domain.js';
import { osmObjects } from './osm-objects.js';

/** History of accepted changes (ARCHITECTURE §4). */
export const objectHistory = sqliteTable(
  'object_history',
  {
    id: text('id').primaryKey(),
    objectId: text('object_id')
      .notNull()
      .references(() => osmObjects.id, { onDelete: 'cascade' }),
    geom: text('geom', { mode: 'json' }).$type<Geometry>(),
    tags: text('tags', { mode: 'json' }).$type<Tags>(),
    observedAt: integer('observed_at', { mode: 'number' }).notNull(),
    receivedAt: integer('received_at', { mode: 'number' }).notNull(),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  // One unique index serves both the (object_id, observed_at) lookups and idempotence.
  (t) => [uniqueIndex('object_history_object_observed_uq').on(t.objectId, t.observedAt)],
);
