/**
 * SQLite schema of the OpenStreetMap replication state (issue 18 item 3): the node-location store
 * (a way in a diff names nodes the diff may not hold) and the last applied diff per
 * `osm_replication` source. Coordinates in 1e-7 degrees, OSM's own precision; times epoch ms.
 * Node rows carry only `updated_at`: one row per OSM node, kept small on purpose.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { dataSources } from './data-sources.js';

/** The last known location of each OSM node (INTEGER PRIMARY KEY: the rowid itself). */
export const osmNodeLocations = sqliteTable('osm_node_locations', {
  nodeId: integer('node_id', { mode: 'number' }).primaryKey(),
  lonE7: integer('lon_e7', { mode: 'number' }).notNull(),
  latE7: integer('lat_e7', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});

/** The last diff an `osm_replication` source applied (written after its changes committed). */
export const osmReplicationState = sqliteTable('osm_replication_state', {
  sourceId: text('source_id')
    .primaryKey()
    .references(() => dataSources.id, { onDelete: 'cascade' }),
  sequence: integer('sequence', { mode: 'number' }).notNull(),
  /** The diff's `state.txt` timestamp (the data time it brings the area to), epoch ms. */
  dataTimestamp: integer('data_timestamp', { mode: 'number' }),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
});
