/**
 * The SQLite OsmReplicationStore, on the store's main connection (as source and saved-view writes
 * are): lookups through `json_each` (one statement for a chunk of ids), writes as one IMMEDIATE
 * transaction of prepared upserts. A diff's node writes are small next to its object batches,
 * which stay on the writer thread.
 */
import type Database from 'better-sqlite3';
import {
  NODE_CHUNK,
  sameList,
  type OsmNodeLocation,
  type OsmReplicationStore,
  type OsmWayNodes,
} from '../osm-replication-store.js';

export function createSqliteOsmReplication(db: Database.Database): OsmReplicationStore {
  const select = db
    .prepare('SELECT node_id, lon_e7, lat_e7 FROM osm_node_locations WHERE node_id IN (SELECT value FROM json_each(?))')
    .raw(true);
  const upsert = db.prepare(
    `INSERT INTO osm_node_locations (node_id, lon_e7, lat_e7, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (node_id) DO UPDATE SET lon_e7 = excluded.lon_e7, lat_e7 = excluded.lat_e7, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM osm_node_locations WHERE node_id = ?');
  const count = db.prepare('SELECT count(*) AS n FROM osm_node_locations').pluck();
  const state = db.prepare(
    'SELECT sequence, data_timestamp, updated_at FROM osm_replication_state WHERE source_id = ?',
  );
  const setState = db.prepare(
    `INSERT INTO osm_replication_state (source_id, sequence, data_timestamp, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source_id) DO UPDATE SET sequence = excluded.sequence, data_timestamp = excluded.data_timestamp,
     updated_at = excluded.updated_at`,
  );
  const removeWay = db.prepare('DELETE FROM osm_way_nodes WHERE way_id = ?');
  const insertWayNode = db.prepare('INSERT INTO osm_way_nodes (way_id, seq, node_id) VALUES (?, ?, ?)');
  const waysOf = db
    .prepare(
      `SELECT way_id, node_id FROM osm_way_nodes WHERE way_id IN
       (SELECT way_id FROM osm_way_nodes WHERE node_id IN (SELECT value FROM json_each(?))) ORDER BY way_id, seq`,
    )
    .raw(true);
  const countWays = db.prepare('SELECT count(*) FROM osm_way_nodes WHERE seq = 0').pluck();
  const put = (nodes: readonly OsmNodeLocation[], now: number): void => {
    for (const n of nodes) upsert.run(n.id, n.lonE7, n.latE7, now);
  };
  const selectWay = db.prepare('SELECT node_id FROM osm_way_nodes WHERE way_id = ? ORDER BY seq').pluck();
  const putWays = (ways: readonly OsmWayNodes[]): void => {
    for (const w of ways) {
      // Most versions of a way keep its node list (a retag): reading it is cheaper than rewriting it.
      const stored = selectWay.all(w.id) as number[];
      if (sameList(stored, w.nodes)) continue;
      removeWay.run(w.id);
      for (let k = 0; k < w.nodes.length; k++) insertWayNode.run(w.id, k, w.nodes[k]);
    }
  };
  const putAll = db.transaction((nodes: readonly OsmNodeLocation[]) => put(nodes, Date.now()));
  const putAllWays = db.transaction(putWays);
  const commit = db.transaction((c: Parameters<OsmReplicationStore['commitDiff']>[0]) => {
    const now = Date.now();
    put(c.nodes, now);
    for (const id of c.removedNodes) remove.run(id);
    putWays(c.ways ?? []);
    for (const id of c.removedWays ?? []) removeWay.run(id);
    setState.run(c.sourceId, c.sequence, c.dataTimestamp, now, now);
  });
  return {
    nodeLocations(ids) {
      const out = new Map<number, [number, number]>();
      for (let i = 0; i < ids.length; i += NODE_CHUNK) {
        const rows = select.all(JSON.stringify(ids.slice(i, i + NODE_CHUNK))) as Array<[number, number, number]>;
        for (const [id, lon, lat] of rows) out.set(id, [lon, lat]);
      }
      return Promise.resolve(out);
    },
    // async, so a refused write (a foreign key) rejects instead of throwing at the call.
    async putNodeLocations(nodes) {
      putAll.immediate(nodes);
    },
    countNodeLocations: () => Promise.resolve(count.get() as number),
    async putWayNodes(ways) {
      putAllWays.immediate(ways);
    },
    waysOfNodes(nodeIds) {
      const out = new Map<number, number[]>();
      for (let i = 0; i < nodeIds.length; i += NODE_CHUNK) {
        const rows = waysOf.all(JSON.stringify(nodeIds.slice(i, i + NODE_CHUNK))) as Array<[number, number]>;
        // A way found by an earlier chunk's nodes is whole already.
        const found = new Map<number, number[]>();
        for (const [way, node] of rows) {
          if (out.has(way)) continue;
          const list = found.get(way);
          if (list) list.push(node);
          else found.set(way, [node]);
        }
        for (const [way, list] of found) out.set(way, list);
      }
      return Promise.resolve(out);
    },
    countWays: () => Promise.resolve(countWays.get() as number),
    replicationState(sourceId) {
      const row = state.get(sourceId) as
        { sequence: number; data_timestamp: number | null; updated_at: number } | undefined;
      return Promise.resolve(
        row && { sequence: row.sequence, dataTimestamp: row.data_timestamp, updatedAt: row.updated_at },
      );
    },
    async commitDiff(c) {
      commit.immediate(c);
    },
  };
}
