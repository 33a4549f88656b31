/**
 * The team database's side of a desktop resync (issue 19): the change log's horizon (the highest
 * sequence pruning removed, kept in `change_log_horizon` by the same statement that prunes) and a
 * snapshot of the objects and tombstones with the log's sequence at that moment, read in one
 * REPEATABLE READ transaction. A batch's object writes and its log row commit together, so the
 * snapshot holds exactly the batches up to that sequence: a desktop that applies it and then follows
 * the log from there misses nothing and repeats nothing it had not already (repeats are idempotent).
 */
import type pg from 'pg';
import type { ObjectType } from '../../electron/contract/domain.js';
import type { TeamSnapshotPage } from '../store.js';

/** The horizon: 0 before the first prune. */
export async function readHorizon(pool: pg.Pool): Promise<number> {
  const res = await pool.query<{ seq: string }>(
    'SELECT coalesce(max(pruned_through), 0)::text AS seq FROM change_log_horizon',
  );
  return Number(res.rows[0]?.seq ?? 0);
}

/** Removes the log rows committed before `before` and moves the horizon over them; answers how many went. */
export async function pruneChangeLog(pool: pg.Pool, before: number): Promise<number> {
  const res = await pool.query<{ n: number }>(
    `WITH gone AS (DELETE FROM change_log WHERE created_at < $1 RETURNING seq),
     moved AS (
       INSERT INTO change_log_horizon (id, pruned_through, updated_at)
       SELECT 1, max(seq), $2 FROM gone HAVING max(seq) IS NOT NULL
       ON CONFLICT (id) DO UPDATE SET
         pruned_through = greatest(change_log_horizon.pruned_through, excluded.pruned_through),
         updated_at = excluded.updated_at
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [before, Date.now()],
  );
  return res.rows[0]?.n ?? 0;
}

interface ObjectRow {
  id: string;
  source_id: string;
  type: ObjectType;
  osm_id: string;
  tags: TeamSnapshotPage['objects'][number]['tags'];
  geom: TeamSnapshotPage['objects'][number]['geom'];
  tainted: boolean;
  observed_at: string;
}

interface TombstoneRow {
  source_id: string;
  type: ObjectType;
  osm_id: string;
  deleted_at: string;
}

/** Reads the snapshot page by page (objects by id, then tombstones by key); answers its sequence. */
export async function readTeamSnapshot(
  pool: pg.Pool,
  onPage: (page: TeamSnapshotPage) => Promise<void>,
  pageSize = 1000,
): Promise<number> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The first statement fixes the snapshot. A log pruned to its end still counts up to the horizon.
    const head = await c.query<{ seq: string }>(
      `SELECT greatest((SELECT coalesce(max(seq), 0) FROM change_log),
         (SELECT coalesce(max(pruned_through), 0) FROM change_log_horizon))::text AS seq`,
    );
    for (let after = ''; ;) {
      const rows = (
        await c.query<ObjectRow>(
          `SELECT id, source_id, type, osm_id, tags, geom, tainted, observed_at::text AS observed_at
           FROM osm_objects WHERE id > $1 ORDER BY id LIMIT $2`,
          [after, pageSize],
        )
      ).rows;
      if (rows.length === 0) break;
      const objects = rows.map((r) => ({
        sourceId: r.source_id,
        type: r.type,
        osmId: r.osm_id,
        tags: r.tags,
        geom: r.geom,
        tainted: r.tainted,
        observedMs: Number(r.observed_at),
      }));
      await onPage({ objects, tombstones: [] });
      after = rows[rows.length - 1]!.id;
    }
    for (let after = ['', '', '']; ;) {
      const rows = (
        await c.query<TombstoneRow>(
          `SELECT source_id, type, osm_id, deleted_at::text AS deleted_at FROM object_tombstones
           WHERE (source_id, type, osm_id) > ($1, $2, $3) ORDER BY source_id, type, osm_id LIMIT $4`,
          [...after, pageSize],
        )
      ).rows;
      if (rows.length === 0) break;
      const tombstones = rows.map((r) => ({
        sourceId: r.source_id,
        type: r.type,
        osmId: r.osm_id,
        deletedAt: Number(r.deleted_at),
      }));
      await onPage({ objects: [], tombstones });
      const last = rows[rows.length - 1]!;
      after = [last.source_id, last.type, last.osm_id];
    }
    await c.query('COMMIT');
    return Number(head.rows[0]?.seq ?? 0);
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
