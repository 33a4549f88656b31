/**
 * The SQLite TeamReplica (db/store.ts): outbox reads and acknowledgements on the store's main
 * connection (small, like source writes), the team's batches on the writer thread (team-writes.ts),
 * and this desktop's instance id, created once and kept in `team_sync_state`. The first time a
 * database is opened for a team, the objects it already holds go into the outbox (their current
 * state, oldest first), once: `seeded` in `team_sync_state` says it was done, in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ObjectType } from '../../electron/contract/domain.js';
import type { IngestOp, IngestOpResult, OutboxEntry, TeamReplica } from '../store.js';

interface OutboxRow {
  id: number;
  op: OutboxEntry['op'];
  source_id: string;
  type: ObjectType;
  osm_id: string;
  observed_at: number | null;
  payload: string;
}

/** Builds the replica; `applyInbound` is the writer thread's (worker-writer.ts). */
export function createSqliteTeamReplica(
  db: Database.Database,
  applyInbound: (ops: IngestOp[], seq: number) => Promise<IngestOpResult[]>,
): TeamReplica {
  const state = db.prepare<[string], string>('SELECT value FROM team_sync_state WHERE key = ?').pluck();
  let instanceId = state.get('instance_id');
  if (instanceId === undefined) {
    instanceId = randomUUID();
    db.prepare("INSERT INTO team_sync_state (key, value, updated_at) VALUES ('instance_id', ?, ?)").run(
      instanceId,
      Date.now(),
    );
  }
  seedOutbox(db);
  const select = db.prepare<[number], OutboxRow>(
    'SELECT id, op, source_id, type, osm_id, observed_at, payload FROM team_outbox ORDER BY id LIMIT ?',
  );
  const size = db.prepare<[], number>('SELECT count(*) FROM team_outbox').pluck();
  const ack = db.prepare('DELETE FROM team_outbox WHERE id <= ?');
  return {
    instanceId,
    async outbox(limit) {
      return select.all(limit).map((r) => ({
        id: r.id,
        op: r.op,
        sourceId: r.source_id,
        type: r.type,
        osmId: r.osm_id,
        observedAt: r.observed_at,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
      }));
    },
    async outboxSize() {
      return size.get() ?? 0;
    },
    async ackOutbox(id) {
      ack.run(id);
    },
    async lastSeq() {
      return Number(state.get('last_seq') ?? 0);
    },
    async hasApplied() {
      return state.get('last_seq') !== undefined;
    },
    applyInbound,
  };
}

/**
 * Puts every object this database holds into the outbox as an upsert of its current state (tags as
 * shown, geometry, tainted flag, observation time), the first time it is opened for a team; a second
 * open finds `seeded` and does nothing. The team database answers objects it holds already as
 * duplicates, so a repeat would cost time, never a row.
 */
function seedOutbox(db: Database.Database): number {
  const seeded = db.prepare("SELECT 1 FROM team_sync_state WHERE key = 'seeded'").pluck();
  return db
    .transaction((): number => {
      if (seeded.get() !== undefined) return 0;
      const now = Date.now();
      const { changes } = db
        .prepare(
          `INSERT INTO team_outbox (op, source_id, type, osm_id, observed_at, payload, created_at)
           SELECT 'upsert', source_id, type, osm_id, observed_at,
             CASE WHEN tainted THEN json_object('tags', json(tags), 'geom', json(geom), 'tainted', json('true'))
                  ELSE json_object('tags', json(tags), 'geom', json(geom)) END, ?
           FROM osm_objects ORDER BY rowid`,
        )
        .run(now);
      db.prepare("INSERT INTO team_sync_state (key, value, updated_at) VALUES ('seeded', ?, ?)").run(
        String(changes),
        now,
      );
      return changes;
    })
    .immediate();
}
