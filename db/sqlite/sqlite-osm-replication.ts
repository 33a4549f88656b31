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
  sameMembers,
  type OsmNodeLocation,
  type OsmRelationMember,
  type OsmRelationMembers,
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
  const wayLists = db
    .prepare(
      'SELECT way_id, node_id FROM osm_way_nodes WHERE way_id IN (SELECT value FROM json_each(?)) ORDER BY way_id, seq',
    )
    .raw(true);
  const selectMembers = db
    .prepare('SELECT member_type, member_ref, role FROM osm_relation_members WHERE relation_id = ? ORDER BY seq')
    .raw(true);
  const removeRelation = db.prepare('DELETE FROM osm_relation_members WHERE relation_id = ?');
  const insertMember = db.prepare(
    'INSERT INTO osm_relation_members (relation_id, seq, member_type, member_ref, role) VALUES (?, ?, ?, ?, ?)',
  );
  const relationsOf = db
    .prepare(
      `SELECT relation_id, member_type, member_ref, role FROM osm_relation_members WHERE relation_id IN
       (SELECT relation_id FROM osm_relation_members WHERE member_type = ? AND member_ref IN (SELECT value FROM json_each(?)))
       ORDER BY relation_id, seq`,
    )
    .raw(true);
  const countRelations = db.prepare('SELECT count(*) FROM osm_relation_members WHERE seq = 0').pluck();
  const toMembers = (rows: Array<[string, number, string]>): OsmRelationMember[] =>
    rows.map(([type, ref, role]) => ({ type: type as OsmRelationMember['type'], ref, role }));
  const putRelations = (relations: readonly OsmRelationMembers[]): void => {
    for (const r of relations) {
      // Most versions of a relation keep its members (a retag): reading them is cheaper than rewriting them.
      if (sameMembers(toMembers(selectMembers.all(r.id) as Array<[string, number, string]>), r.members)) continue;
      removeRelation.run(r.id);
      for (let k = 0; k < r.members.length; k++) {
        const m = r.members[k]!;
        insertMember.run(r.id, k, m.type, m.ref, m.role);
      }
    }
  };
  const putAllRelations = db.transaction(putRelations);
  const putAll = db.transaction((nodes: readonly OsmNodeLocation[]) => put(nodes, Date.now()));
  const putAllWays = db.transaction(putWays);
  const commit = db.transaction((c: Parameters<OsmReplicationStore['commitDiff']>[0]) => {
    const now = Date.now();
    put(c.nodes, now);
    for (const id of c.removedNodes) remove.run(id);
    putWays(c.ways ?? []);
    for (const id of c.removedWays ?? []) removeWay.run(id);
    putRelations(c.relations ?? []);
    for (const id of c.removedRelations ?? []) removeRelation.run(id);
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
    wayNodeLists(wayIds) {
      const out = new Map<number, number[]>();
      for (let i = 0; i < wayIds.length; i += NODE_CHUNK) {
        const rows = wayLists.all(JSON.stringify(wayIds.slice(i, i + NODE_CHUNK))) as Array<[number, number]>;
        for (const [way, node] of rows) {
          const list = out.get(way);
          if (list) list.push(node);
          else out.set(way, [node]);
        }
      }
      return Promise.resolve(out);
    },
    async putRelationMembers(relations) {
      putAllRelations.immediate(relations);
    },
    relationsOfMembers(type, refs) {
      const out = new Map<number, OsmRelationMember[]>();
      for (let i = 0; i < refs.length; i += NODE_CHUNK) {
        const rows = relationsOf.all(type, JSON.stringify(refs.slice(i, i + NODE_CHUNK))) as Array<
          [number, string, number, string]
        >;
        // A relation found by an earlier chunk's members is whole already.
        const found = new Map<number, OsmRelationMember[]>();
        for (const [relation, t, ref, role] of rows) {
          if (out.has(relation)) continue;
          const member = { type: t as OsmRelationMember['type'], ref, role };
          const list = found.get(relation);
          if (list) list.push(member);
          else found.set(relation, [member]);
        }
        for (const [relation, list] of found) out.set(relation, list);
      }
      return Promise.resolve(out);
    },
    countRelations: () => Promise.resolve(countRelations.get() as number),
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
