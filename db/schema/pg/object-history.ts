/**
 * Postgres schema of an object's history, compact (issue 14): one `object_positions` row per accepted
 * observation (time in ms, lon/lat in 1e-7 degrees, speed/heading/altitude when numbers) and one
 * `object_tag_changes` row per change of the other tags. `object_key` is the object's id here (the
 * SQLite store keys by rowid); both cascade with the object.
 */
import { bigint, doublePrecision, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { Geometry, Tags } from '../../../electron/contract/domain.js';
import { osmObjects } from './osm-objects.js';

/** One accepted observation of one object. */
export const objectPositions = pgTable(
  'object_positions',
  {
    objectKey: text('object_key')
      .notNull()
      .references(() => osmObjects.id, { onDelete: 'cascade' }),
    t: bigint('t', { mode: 'number' }).notNull(),
    lon: integer('lon').notNull(),
    lat: integer('lat').notNull(),
    speed: doublePrecision('speed'),
    heading: doublePrecision('heading'),
    altitude: doublePrecision('altitude'),
    geom: jsonb('geom').$type<Geometry>(),
    delayMs: bigint('delay_ms', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.objectKey, t.t] })],
);

/** The tags (without numeric speed/heading/altitude) an object had from `t` on, by source or hand edit. */
export const objectTagChanges = pgTable(
  'object_tag_changes',
  {
    objectKey: text('object_key')
      .notNull()
      .references(() => osmObjects.id, { onDelete: 'cascade' }),
    t: bigint('t', { mode: 'number' }).notNull(),
    tags: jsonb('tags').$type<Tags>().notNull(),
    origin: text('origin', { enum: ['source', 'edit'] }).notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.objectKey, t.t] })],
);
