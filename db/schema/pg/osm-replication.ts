/**
 * Postgres schema of the OpenStreetMap replication state (issue 18 item 3): the node-location store
 * (a way in a diff names nodes the diff may not hold) and the last applied diff per
 * `osm_replication` source. Coordinates in 1e-7 degrees, OSM's own precision; times epoch ms
 * (BIGINT). Node rows carry only `updated_at`: one row per OSM node, kept small on purpose.
 */
import { bigint, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { dataSources } from './data-sources.js';

/** The last known location of each OSM node. */
export const osmNodeLocations = pgTable('osm_node_locations', {
  nodeId: bigint('node_id', { mode: 'number' }).primaryKey(),
  lonE7: integer('lon_e7').notNull(),
  latE7: integer('lat_e7').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/** The last diff an `osm_replication` source applied (written after its changes committed). */
export const osmReplicationState = pgTable('osm_replication_state', {
  sourceId: text('source_id')
    .primaryKey()
    .references(() => dataSources.id, { onDelete: 'cascade' }),
  sequence: bigint('sequence', { mode: 'number' }).notNull(),
  /** The diff's `state.txt` timestamp (the data time it brings the area to), epoch ms. */
  dataTimestamp: bigint('data_timestamp', { mode: 'number' }),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});
