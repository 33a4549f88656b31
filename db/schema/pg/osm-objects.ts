/**
 * Postgres schema of `osm_objects`: JSONB tags with a GIN index, and a generated `bbox box` column
 * (built-in geometric type, no PostGIS) with a GiST index for bounding-box queries.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Geometry, TagOverrides, Tags } from '../../../electron/contract/domain.js';
import { dataSources } from './data-sources.js';

/** Postgres' built-in `box`; read back as its text form, written only by the generated column. */
export const box = customType<{ data: string; driverData: string }>({ dataType: () => 'box' });

/** Current objects (ARCHITECTURE §4); always aliased `o` in queries. */
export const osmObjects = pgTable(
  'osm_objects',
  {
    id: text('id').primaryKey(),
    sourceId: text('source_id')
      .notNull()
      .references(() => dataSources.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['node', 'way', 'relation'] }).notNull(),
    osmId: text('osm_id').notNull(),
    tags: jsonb('tags').$type<Tags>().notNull(),
    geom: jsonb('geom').$type<Geometry>().notNull(),
    name: text('name'),
    kind: text('kind'),
    minLon: doublePrecision('min_lon').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLon: doublePrecision('max_lon').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    bbox: box('bbox').generatedAlwaysAs(sql`box(point(min_lon, min_lat), point(max_lon, max_lat))`),
    tainted: boolean('tainted').notNull().default(false),
    /** Hand edits that outlive feed updates (db/tag-overrides.ts); null when the object has none. */
    tagOverrides: jsonb('tag_overrides').$type<TagOverrides>(),
    observedAt: bigint('observed_at', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('osm_objects_source_type_osm_id_uq').on(t.sourceId, t.type, t.osmId),
    index('osm_objects_observed_at_idx').on(t.observedAt),
    index('osm_objects_name_idx').on(t.name),
    index('osm_objects_tags_gin').using('gin', t.tags),
    index('osm_objects_bbox_gist').using('gist', t.bbox),
  ],
);
