/**
 * The SQLite TeamReplica (db/store.ts): outbox reads and acknowledgements on the store's main
 * connection (small, like source writes), the team's batches on the writer thread (team-writes.ts),
 * and this desktop's instance id, created once and kept in `team_sync_state`.
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
    applyInbound,
  };
}
