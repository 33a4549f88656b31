/**
 * The Postgres OsmReplicationStore: lookups with `= ANY($1)`, writes as one transaction of
 * `unnest` upserts per chunk of nodes, on a client of the store's pool.
 */
import type pg from 'pg';
import { NODE_CHUNK, type OsmNodeLocation, type OsmReplicationStore } from '../osm-replication-store.js';

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
