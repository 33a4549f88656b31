/**
 * Postgres schema of `object_history`: one row per accepted observation or edit, with the full tags
 * after the change. Unique on (object_id, observed_at), which makes ingest idempotent.
 */
import { bigint, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Geometry, Tags } from '../../../electron/contract/domain.js';
import { osmObjects } from './osm-objects.js';

/** History of accepted changes (ARCHITECTURE §4). */
export const objectHistory = pgTable(
  'object_history',
  {
    id: text('id').primaryKey(),
    objectId: text('object_id')
      .notNull()
      .references(() => osmObjects.id, { onDelete: 'cascade' }),
    geom: jsonb('geom').$type<Geometry>(),
    tags: jsonb('tags').$type<Tags>(),
    observedAt: bigint('observed_at', { mode: 'number' }).notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  // One unique index serves both the (object_id, observed_at) lookups and idempotence.
  (t) => [uniqueIndex('object_history_object_observed_uq').on(t.objectId, t.observedAt)],
);
