/**
 * SQLite schema of the OpenStreetMap replication state (issue 18 item 3): the node-location store and the way→node index
 * (a way in a diff names nodes the diff may not hold), the relation→member index and the last applied diff per
 * `osm_replication` source. Coordinates in 1e-7 degrees, OSM's own precision; times epoch ms.
 * Node rows carry only `updated_at`: one row per OSM node, kept small on purpose.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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

/**
 * Every known way's node list, one row per position (`seq` from 0), and the reverse index from a node
 * to the ways that use it: when a diff moves a node, the ways it does not hold are drawn again.
 */
export const osmWayNodes = sqliteTable(
  'osm_way_nodes',
  {
    wayId: integer('way_id', { mode: 'number' }).notNull(),
    seq: integer('seq', { mode: 'number' }).notNull(),
    nodeId: integer('node_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.wayId, t.seq] }), index('osm_way_nodes_node_idx').on(t.nodeId)],
);

/**
 * Every known relation's members, one row per position (`seq` from 0), and the reverse index from a
 * member to the relations that use it: when a diff changes a member way (its node list, or the place
 * of its nodes), the relations it does not hold are drawn again.
 */
export const osmRelationMembers = sqliteTable(
  'osm_relation_members',
  {
    relationId: integer('relation_id', { mode: 'number' }).notNull(),
    seq: integer('seq', { mode: 'number' }).notNull(),
    /** `node`, `way` or `relation`. */
    memberType: text('member_type').notNull(),
    memberRef: integer('member_ref', { mode: 'number' }).notNull(),
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.relationId, t.seq] }),
    index('osm_relation_members_member_idx').on(t.memberRef, t.memberType),
  ],
);
