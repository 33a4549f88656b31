/**
 * Connector leases on Postgres (issue 19 item 3): one `connector_leases` row per connector, held by
 * one instance until `expires_at` (the database's clock, so instances' clocks may disagree). A claim
 * is one statement: it inserts the row, renews it for its holder, or takes it over once expired, under
 * the row lock of `ON CONFLICT`, so two instances never both hold it.
 */
import type { Pool } from 'pg';
import type { ConnectorLeases, LeaseClaim } from '../store.js';

const CLAIM = `
WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS t)
INSERT INTO connector_leases AS l (source_id, owner_id, owner_label, expires_at, acquired_at)
SELECT $1, $2, $3, t + $4, t FROM clock
ON CONFLICT (source_id) DO UPDATE SET
  owner_id = excluded.owner_id,
  owner_label = excluded.owner_label,
  expires_at = excluded.expires_at,
  acquired_at = CASE WHEN l.owner_id = excluded.owner_id THEN l.acquired_at ELSE excluded.acquired_at END
WHERE l.owner_id = excluded.owner_id OR l.expires_at < excluded.acquired_at
RETURNING owner_label, expires_at::text AS expires_at`;

/** Builds the leases of instance `ownerId` (labelled `<host>/<pid>` for people). */
export function createPgLeases(pool: Pool, ownerId: string, label: string): ConnectorLeases {
  return {
    label,
    async claim(sourceId, ttlMs): Promise<LeaseClaim> {
      const mine = await pool.query<{ owner_label: string; expires_at: string }>(CLAIM, [
        sourceId,
        ownerId,
        label,
        Math.max(1, Math.round(ttlMs)),
      ]);
      const row = mine.rows[0];
      if (row) return { isMine: true, ownerLabel: row.owner_label, expiresAt: Number(row.expires_at) };
      const held = await pool.query<{ owner_label: string; expires_at: string }>(
        'SELECT owner_label, expires_at::text AS expires_at FROM connector_leases WHERE source_id = $1',
        [sourceId],
      );
      const other = held.rows[0];
      // Gone between the two statements (released): free now, the next claim takes it.
      return { isMine: false, ownerLabel: other?.owner_label ?? '', expiresAt: Number(other?.expires_at ?? 0) };
    },
    async release(sourceId) {
      await pool.query('DELETE FROM connector_leases WHERE source_id = $1 AND owner_id = $2', [sourceId, ownerId]);
    },
  };
}
