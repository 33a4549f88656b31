/**
 * SQLite schema of `osm_objects`: the current state of every tracked object, one row per
 * (source, type, osm_id). The R*Tree `osm_objects_rtree` lives in a custom migration.
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Geometry, TagOverrides, Tags } from '../../../electron/contract/domain.js';
import { dataSources } from './data-sources.js';

/** Current objects (ARCHITECTURE §4); always aliased `o` in queries. */
export const osmObjects = sqliteTable(
  'osm_objects',
  {
    id: text('id').primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => dataSources.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['node', 'way', 'relation'] }).notNull(),
    osmId: text('osm_id').notNull(),
    tags: text('tags', { mode: 'json' }).$type<Tags>().notNull(),
    geom: text('geom', { mode: 'json' }).$type<Geometry>().notNull(),
    name: text('name'),
    kind: text('kind'),
    minLon: real('min_lon').notNull(),
    minLat: real('min_lat').notNull(),
    maxLon: real('max_lon').notNull(),
    maxLat: real('max_lat').notNull(),
    tainted: integer('tainted', { mode: 'boolean' }).notNull().default(false),
    /** Hand edits that outlive feed updates (db/tag-overrides.ts); null when the object has none. */
    tagOverrides: text('tag_overrides', { mode: 'json' }).$type<TagOverrides>(),
    observedAt: integer('observed_at', { mode: 'number' }).notNull(),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('osm_objects_source_type_osm_id_uq').on(t.sourceId, t.type, t.osmId),
    index('osm_objects_observed_at_idx').on(t.observedAt),
    index('osm_objects_name_idx').on(t.name),
  ],
);
