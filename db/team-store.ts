/**
 * What a store shared by a team offers besides objects (issue 19; Postgres only): the change log
 * every instance follows to keep its live bus in step, and one lease per connector.
 */
import type { IngestOpResult } from './store.js';

/** One committed batch of another instance, as its own ingest announced it. */
export interface TeamBatch {
  /** The change log's sequence: commit order (db/pg/pg-change-log.ts). */
  seq: number;
  instanceId: string;
  /** Only what changed (created, updated, deleted), in op order. */
  results: IngestOpResult[];
}

export interface ChangeFeedStatus {
  /** True while the LISTEN connection is up. */
  listening: boolean;
  /** The last sequence read (own batches included). */
  lastSeq: number;
}

export interface ChangeFeed {
  /** This instance's id in the change log (its own batches are skipped: it announced them itself). */
  readonly instanceId: string;
  /**
   * Follows the log from its end now: `listener` gets every later batch of other instances, in
   * sequence order, each once, surviving a lost connection (it catches up from the last sequence).
   * Returns stop().
   */
  follow(listener: (batch: TeamBatch) => void): () => void;
  status(): ChangeFeedStatus;
  /** Batches after `seq` (own ones included), oldest first: for a follower that keeps its own cursor. */
  changesAfter(seq: number, limit?: number): Promise<TeamBatch[]>;
  /** Removes batches committed before `before` (epoch ms); answers how many. */
  prune(before: number): Promise<number>;
}

/** Who holds a connector's lease after a claim. */
export interface LeaseClaim {
  isMine: boolean;
  /** `<host>/<pid>` of the holder. */
  ownerLabel: string;
  /** When the holder's lease runs out (database clock, epoch ms). */
  expiresAt: number;
}

export interface ConnectorLeases {
  /** This instance's `<host>/<pid>`. */
  readonly label: string;
  /** Takes the lease when free or expired, renews it when held; answers who holds it now. */
  claim(sourceId: string, ttlMs: number): Promise<LeaseClaim>;
  /** Gives the lease up (when held), so another instance takes over at once. */
  release(sourceId: string): Promise<void>;
}

export interface TeamStore {
  readonly changes: ChangeFeed;
  readonly leases: ConnectorLeases;
}
