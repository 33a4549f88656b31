/**
 * The Postgres OsmReplicationStore: lookups with `= ANY($1)`, writes as one transaction of
 * `unnest` upserts per chunk of nodes, on a client of the store's pool.
 */
import type pg from 'pg';
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

const UPSERT = `INSERT INTO osm_node_locations (node_id, lon_e7, lat_e7, updated_at)
  SELECT id, lon, lat, $4 FROM unnest($1::bigint[], $2::integer[], $3::integer[]) AS n(id, lon, lat)
  ON CONFLICT (node_id) DO UPDATE SET lon_e7 = excluded.lon_e7, lat_e7 = excluded.lat_e7, updated_at = excluded.updated_at`;

/** Upserts `nodes` in chunks on `client` (inside the caller's transaction). */
async function put(client: pg.PoolClient, nodes: readonly OsmNodeLocation[], now: number): Promise<void> {
  // A node twice in one statement would make ON CONFLICT fail: keep the last of each.
  const last = new Map<number, OsmNodeLocation>();
  for (const n of nodes) last.set(n.id, n);
  const unique = [...last.values()];
  for (let i = 0; i < unique.length; i += NODE_CHUNK) {
    const chunk = unique.slice(i, i + NODE_CHUNK);
    await client.query(UPSERT, [chunk.map((n) => n.id), chunk.map((n) => n.lonE7), chunk.map((n) => n.latE7), now]);
  }
}

/** Replaces the node lists of `ways` on `client` (inside the caller's transaction), in chunks of rows. */
async function putWays(client: pg.PoolClient, ways: readonly OsmWayNodes[]): Promise<void> {
  const last = new Map<number, number[]>();
  for (const w of ways) last.set(w.id, w.nodes);
  // Most versions of a way keep its node list (a retag): those are left as they are.
  for (let i = 0, all = [...last.keys()]; i < all.length; i += NODE_CHUNK) {
    const res = await client.query<{ way_id: string; nodes: string[] }>(
      `SELECT way_id, array_agg(node_id ORDER BY seq) AS nodes FROM osm_way_nodes
       WHERE way_id = ANY($1::bigint[]) GROUP BY way_id`,
      [all.slice(i, i + NODE_CHUNK)],
    );
    for (const r of res.rows) {
      const id = Number(r.way_id);
      if (sameList(r.nodes.map(Number), last.get(id)!)) last.delete(id);
    }
  }
  const ids = [...last.keys()];
  for (let i = 0; i < ids.length; i += NODE_CHUNK)
    await client.query('DELETE FROM osm_way_nodes WHERE way_id = ANY($1::bigint[])', [ids.slice(i, i + NODE_CHUNK)]);
  let wayIds: number[] = [];
  let seqs: number[] = [];
  let nodeIds: number[] = [];
  const flush = async () => {
    if (wayIds.length === 0) return;
    await client.query(
      'INSERT INTO osm_way_nodes (way_id, seq, node_id) SELECT * FROM unnest($1::bigint[], $2::integer[], $3::bigint[])',
      [wayIds, seqs, nodeIds],
    );
    [wayIds, seqs, nodeIds] = [[], [], []];
  };
  for (const [id, nodes] of last) {
    for (let k = 0; k < nodes.length; k++) {
      wayIds.push(id);
      seqs.push(k);
      nodeIds.push(nodes[k]!);
    }
    if (wayIds.length >= NODE_CHUNK * 4) await flush();
  }
  await flush();
}

/** Replaces the member lists of `relations` on `client` (inside the caller's transaction), in chunks. */
async function putRelations(client: pg.PoolClient, relations: readonly OsmRelationMembers[]): Promise<void> {
  const last = new Map<number, OsmRelationMember[]>();
  for (const r of relations) last.set(r.id, r.members);
  // Most versions of a relation keep its members (a retag): those are left as they are.
  for (let i = 0, all = [...last.keys()]; i < all.length; i += NODE_CHUNK) {
    const res = await client.query<{ relation_id: string; types: string[]; refs: string[]; roles: string[] }>(
      `SELECT relation_id, array_agg(member_type ORDER BY seq) AS types, array_agg(member_ref ORDER BY seq) AS refs,
       array_agg(role ORDER BY seq) AS roles FROM osm_relation_members WHERE relation_id = ANY($1::bigint[]) GROUP BY relation_id`,
      [all.slice(i, i + NODE_CHUNK)],
    );
    for (const r of res.rows) {
      const id = Number(r.relation_id);
      const stored = r.types.map((type, k) => ({
        type: type as OsmRelationMember['type'],
        ref: Number(r.refs[k]),
        role: r.roles[k]!,
      }));
      if (sameMembers(stored, last.get(id)!)) last.delete(id);
    }
  }
  const ids = [...last.keys()];
  for (let i = 0; i < ids.length; i += NODE_CHUNK)
    await client.query('DELETE FROM osm_relation_members WHERE relation_id = ANY($1::bigint[])', [
      ids.slice(i, i + NODE_CHUNK),
    ]);
  let cols: [number[], number[], string[], number[], string[]] = [[], [], [], [], []];
  const flush = async () => {
    if (cols[0].length === 0) return;
    await client.query(
      `INSERT INTO osm_relation_members (relation_id, seq, member_type, member_ref, role)
       SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::bigint[], $5::text[])`,
      cols,
    );
    cols = [[], [], [], [], []];
  };
  for (const [id, members] of last) {
    for (let k = 0; k < members.length; k++) {
      const m = members[k]!;
      cols[0].push(id);
      cols[1].push(k);
      cols[2].push(m.type);
      cols[3].push(m.ref);
      cols[4].push(m.role);
    }
    if (cols[0].length >= NODE_CHUNK * 4) await flush();
  }
  await flush();
}

/** Runs `work` in one transaction on a pooled client. */
async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export function createPgOsmReplication(pool: pg.Pool): OsmReplicationStore {
  return {
    async nodeLocations(ids) {
      const out = new Map<number, [number, number]>();
      for (let i = 0; i < ids.length; i += NODE_CHUNK) {
        const res = await pool.query<{ node_id: string; lon_e7: number; lat_e7: number }>(
          'SELECT node_id, lon_e7, lat_e7 FROM osm_node_locations WHERE node_id = ANY($1::bigint[])',
          [ids.slice(i, i + NODE_CHUNK)],
        );
        for (const r of res.rows) out.set(Number(r.node_id), [r.lon_e7, r.lat_e7]);
      }
      return out;
    },
    putNodeLocations: (nodes) => inTransaction(pool, (client) => put(client, nodes, Date.now())),
    putWayNodes: (ways) => inTransaction(pool, (client) => putWays(client, ways)),
    async waysOfNodes(nodeIds) {
      const out = new Map<number, number[]>();
      for (let i = 0; i < nodeIds.length; i += NODE_CHUNK) {
        const res = await pool.query<{ way_id: string; node_id: string }>(
          `SELECT way_id, node_id FROM osm_way_nodes WHERE way_id IN
           (SELECT way_id FROM osm_way_nodes WHERE node_id = ANY($1::bigint[])) ORDER BY way_id, seq`,
          [nodeIds.slice(i, i + NODE_CHUNK)],
        );
        // A way found by an earlier chunk's nodes is whole already.
        const found = new Map<number, number[]>();
        for (const r of res.rows) {
          const way = Number(r.way_id);
          if (out.has(way)) continue;
          const list = found.get(way);
          if (list) list.push(Number(r.node_id));
          else found.set(way, [Number(r.node_id)]);
        }
        for (const [way, list] of found) out.set(way, list);
      }
      return out;
    },
    async wayNodeLists(wayIds) {
      const out = new Map<number, number[]>();
      for (let i = 0; i < wayIds.length; i += NODE_CHUNK) {
        const res = await pool.query<{ way_id: string; node_id: string }>(
          'SELECT way_id, node_id FROM osm_way_nodes WHERE way_id = ANY($1::bigint[]) ORDER BY way_id, seq',
          [wayIds.slice(i, i + NODE_CHUNK)],
        );
        for (const r of res.rows) {
          const way = Number(r.way_id);
          const list = out.get(way);
          if (list) list.push(Number(r.node_id));
          else out.set(way, [Number(r.node_id)]);
        }
      }
      return out;
    },
    putRelationMembers: (relations) => inTransaction(pool, (client) => putRelations(client, relations)),
    async relationsOfMembers(type, refs) {
      const out = new Map<number, OsmRelationMember[]>();
      for (let i = 0; i < refs.length; i += NODE_CHUNK) {
        const res = await pool.query<{ relation_id: string; member_type: string; member_ref: string; role: string }>(
          `SELECT relation_id, member_type, member_ref, role FROM osm_relation_members WHERE relation_id IN
           (SELECT relation_id FROM osm_relation_members WHERE member_type = $1 AND member_ref = ANY($2::bigint[]))
           ORDER BY relation_id, seq`,
          [type, refs.slice(i, i + NODE_CHUNK)],
        );
        // A relation found by an earlier chunk's members is whole already.
        const found = new Map<number, OsmRelationMember[]>();
        for (const r of res.rows) {
          const relation = Number(r.relation_id);
          if (out.has(relation)) continue;
          const member = { type: r.member_type as OsmRelationMember['type'], ref: Number(r.member_ref), role: r.role };
          const list = found.get(relation);
          if (list) list.push(member);
          else found.set(relation, [member]);
        }
        for (const [relation, list] of found) out.set(relation, list);
      }
      return out;
    },
    async countRelations() {
      const res = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM osm_relation_members WHERE seq = 0');
      return res.rows[0]?.n ?? 0;
    },
    async countWays() {
      const res = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM osm_way_nodes WHERE seq = 0');
      return res.rows[0]?.n ?? 0;
    },
    async countNodeLocations() {
      const res = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM osm_node_locations');
      return res.rows[0]?.n ?? 0;
    },
    async replicationState(sourceId) {
      const res = await pool.query<{ sequence: string; data_timestamp: string | null; updated_at: string }>(
        'SELECT sequence, data_timestamp, updated_at FROM osm_replication_state WHERE source_id = $1',
        [sourceId],
      );
      const row = res.rows[0];
      return (
        row && {
          sequence: Number(row.sequence),
          dataTimestamp: row.data_timestamp === null ? null : Number(row.data_timestamp),
          updatedAt: Number(row.updated_at),
        }
      );
    },
    commitDiff: (c) =>
      inTransaction(pool, async (client) => {
        const now = Date.now();
        await put(client, c.nodes, now);
        if (c.removedNodes.length > 0)
          await client.query('DELETE FROM osm_node_locations WHERE node_id = ANY($1::bigint[])', [c.removedNodes]);
        await putWays(client, c.ways ?? []);
        if (c.removedWays && c.removedWays.length > 0)
          await client.query('DELETE FROM osm_way_nodes WHERE way_id = ANY($1::bigint[])', [c.removedWays]);
        await putRelations(client, c.relations ?? []);
        if (c.removedRelations && c.removedRelations.length > 0)
          await client.query('DELETE FROM osm_relation_members WHERE relation_id = ANY($1::bigint[])', [
            c.removedRelations,
          ]);
        await client.query(
          `INSERT INTO osm_replication_state (source_id, sequence, data_timestamp, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $4)
           ON CONFLICT (source_id) DO UPDATE SET sequence = excluded.sequence,
           data_timestamp = excluded.data_timestamp, updated_at = excluded.updated_at`,
          [c.sourceId, c.sequence, c.dataTimestamp, now],
        );
      }),
  };
}
