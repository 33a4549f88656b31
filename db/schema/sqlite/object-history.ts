/**
 * SQLite schema of an object's history, compact (issue 14): one `object_positions` row per accepted
 * observation (integer object key, time in ms, lon/lat in 1e-7 degrees, speed/heading/altitude when
 * numbers) and one `object_tag_changes` row per change of the other tags. The key is the object's
 * rowid; a trigger (custom migration 0005) deletes an object's history with it. Positions are a
 * WITHOUT ROWID table in the migration (drizzle cannot say so); this declaration is for queries.
 */
import { integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Tags } from '../../../electron/contract/domain.js';

/** One accepted observation of one object. */
export const objectPositions = sqliteTable(
  'object_positions',
  {
    /** osm_objects.rowid */
    objectKey: integer('object_key').notNull(),
    /** observed_at, epoch ms */
    t: integer('t').notNull(),
    /** longitude × 1e7 (for a geometry that is not a 2D point: its bbox centre) */
    lon: integer('lon').notNull(),
    lat: integer('lat').notNull(),
    speed: real('speed'),
    heading: real('heading'),
    altitude: real('altitude'),
    /** The whole geometry as GeoJSON text when it is not a 2D point; null for points. */
    geom: text('geom'),
    /** received_at − observed_at, ms */
    delayMs: integer('delay_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.objectKey, t.t] })],
);

/** The tags (without numeric speed/heading/altitude) an object had from `t` on, by source or hand edit. */
export const objectTagChanges = sqliteTable(
  'object_tag_changes',
  {
    objectKey: integer('object_key').notNull(),
    t: integer('t').notNull(),
    tags: text('tags', { mode: 'json' }).$type<Tags>().notNull(),
    origin: text('origin', { enum: ['source', 'edit'] }).notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('object_tag_changes_key_t_uq').on(t.objectKey, t.t)],
);
