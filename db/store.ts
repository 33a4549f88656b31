/**
 * The one store interface (ARCHITECTURE §3 rule 4). Handlers and ingest never touch SQL; they call
 * a Store, implemented once for SQLite and once for Postgres, and one contract suite runs on both.
 */
import type { ObjectExtent } from './object-extent.js';
import type {
  DataSource,
  Geometry,
  HistoryEntry,
  ObjectFilter,
  ObjectSort,
  ObjectType,
  OsmObject,
  SourceType,
  TagChange,
  TagValue,
  Tags,
  Track,
  Trail,
} from '../electron/contract/domain.js';

import type { FilterContext } from '../electron/filter/index.js';
import type { PrunePreview, PruneQuery, PruneResult } from './history-retention.js';
import type { OsmReplicationStore } from './osm-replication-store.js';
import type { RulesStore } from './rules-store.js';
import type { SavedViewsStore } from './saved-views-sql.js';
import type { TagSuggestionQuery, TagSuggestions } from './tag-suggestions.js';

export type { FilterContext };

export interface ObjectQuery {
  filter?: ObjectFilter;
  sort?: ObjectSort;
  limit?: number;
  offset?: number;
  context?: FilterContext;
  /**
   * Epoch ms: answer with the objects as they were then (the latest observation at or before it,
   * tags as they were); objects first seen later are left out. The filter applies to that state.
   */
  at?: number;
}

/** A window of one object's positions; times epoch ms, both ends included. */
export interface TrackQuery {
  from?: number;
  to?: number;
  /** At most this many positions (the newest); default 100,000. */
  limit?: number;
}

/** The recent paths of the objects a filter selects at `at`: positions in [at - windowMs, at]. */
export interface TrailsQuery {
  filter?: ObjectFilter;
  context?: FilterContext;
  at: number;
  windowMs: number;
  /** At most this many objects (most recently observed first). */
  limit: number;
  /** At most this many points per object, spread evenly over the window (its first and last kept). */
  maxPoints: number;
}

/**
 * One write in an ingest batch. Geometry and tags are already validated and normalized
 * (core/ingest does that); `observedAt` is epoch ms.
 */
export type IngestOp =
  | {
      op: 'upsert';
      sourceId: string;
      type: ObjectType;
      osmId: string;
      tags: Tags;
      geom: Geometry;
      observedAt: number;
      tainted?: boolean;
    }
  | {
      /** A UI edit of an existing object: tags merged (null deletes a key) or replaced; geometry replaced. */
      op: 'patch';
      objectId: string;
      tags?: Record<string, TagValue | null>;
      tagsMode: 'merge' | 'replace';
      geom?: Geometry;
      observedAt: number;
      /**
       * Who changed it: a hand edit (default), whose changed keys become overrides that outlive feed
       * updates (db/tag-overrides.ts), or the object's source (a re-import), which changes the feed's tags.
       */
      origin?: 'edit' | 'source';
      /** Overridden keys given back to the feed (a hand edit only). */
      clearOverrides?: string[];
    }
  | {
      /**
       * Removes an object and leaves a tombstone (its key and the delete's time): observations of the
       * key at or before that time are refused from then on (db/object-writes.ts `planDelete`).
       */
      op: 'delete';
      objectId: string;
      /**
       * The delete's time (epoch ms). Absent (a local delete): the object goes whatever its time and the
       * tombstone counts from now, or from its observation when that is later. Given (a delete replayed
       * from another database): only an object observed at or before it goes; a newer one stays.
       */
      observedAt?: number;
      /** Find the object by key instead of `objectId` (a team's delete); the tombstone is kept even when it is absent. */
      key?: ObjectKey;
    };

/** An object's identity on every database of a team (object ids are per database). */
export interface ObjectKey {
  sourceId: string;
  type: ObjectType;
  osmId: string;
}

/** What one op did, in op order. */
export type IngestOpResult =
  | {
      op: 'upsert' | 'patch';
      status: 'created' | 'updated' | 'duplicate';
      object: OsmObject;
      /** `object.observed_at` as epoch ms, so consumers after commit (the live bus) need not parse it. */
      observedMs: number;
    }
  | {
      op: 'delete';
      status: 'deleted' | 'missing';
      objectId: string;
      /** The removed object's key (deleted only): other databases of a team find their copy by it. */
      sourceId?: string;
      type?: ObjectType;
      osmId?: string;
      /** The tombstone's time (deleted only), epoch ms: the same delete elsewhere counts from it. */
      observedMs?: number;
    }
  | {
      op: 'upsert' | 'patch' | 'delete';
      status: 'rejected';
      reason: string;
      code: 'NOT_FOUND' | 'INVALID_INPUT' | 'CONFLICT';
    };

/** An object row as stored, for bulk exports: `tags` and `geom` are JSON text, times epoch ms. */
export interface RawObjectRow {
  id: string;
  source_id: string;
  type: ObjectType;
  osm_id: string;
  tags: string;
  geom: string;
  tainted: boolean;
  observed_at: number;
}

export interface NewSource {
  /** A given id (a source synced from a team database keeps its id on every instance); default a new uuid7. */
  id?: string;
  name: string;
  description: string;
  type: SourceType;
  connectionInfo: Record<string, unknown>;
  isActive: boolean;
  /** sha256 hex of the push token; the token itself is never stored. */
  tokenHash: string;
}

export interface SourcePatch {
  name?: string;
  description?: string;
  connectionInfo?: Record<string, unknown>;
  isActive?: boolean;
  tokenHash?: string;
}

export interface HistoryQuery {
  limit?: number;
  /** ISO times bounding observed_at. */
  before?: string;
  after?: string;
  /** Oldest first when true (replay); newest first by default. */
  ascending?: boolean;
}

export interface StoreStats {
  objects: number;
  sources: number;
  historyRows: number;
  databaseBytes: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Location with any password removed, e.g. `sqlite:/data/tracker.db`. */
  readonly location: string;

  getObject(id: string): Promise<OsmObject>;
  /** The object now, or as it was at `at` (epoch ms; undefined when it had no observation yet). */
  findObject(id: string, at?: number): Promise<OsmObject | undefined>;
  findObjectByKey(sourceId: string, type: ObjectType, osmId: string): Promise<OsmObject | undefined>;
  /**
   * The objects of the OSM elements `type`/`osmIds` held by any of `sourceIds` (an element's object
   * in each source that has it), in no particular order.
   */
  findObjectsByKeys(sourceIds: readonly string[], type: ObjectType, osmIds: readonly string[]): Promise<OsmObject[]>;
  listObjects(query: ObjectQuery): Promise<{ items: OsmObject[]; total: number }>;
  countObjects(filter?: ObjectFilter, context?: FilterContext): Promise<number>;
  /** How many objects match and the box "zoom to fit" frames them by (db/object-extent.ts). */
  objectExtent(filter?: ObjectFilter, context?: FilterContext): Promise<ObjectExtent>;
  /** Streams every matching object in pages of `pageSize` (exports), in bounded memory. */
  iterateObjects(query: Omit<ObjectQuery, 'limit' | 'offset'>, pageSize?: number): AsyncIterable<OsmObject[]>;
  /**
   * Streams matching objects as raw rows in primary-key order, with tags and geometry as JSON text
   * (bulk exports splice them into their output without decoding).
   */
  iterateObjectRows(query: Pick<ObjectQuery, 'filter' | 'context'>, pageSize?: number): AsyncIterable<RawObjectRow[]>;
  history(objectId: string, query?: HistoryQuery): Promise<HistoryEntry[]>;
  /** One object's positions in a time window, oldest first. NotFoundError for an unknown object. */
  track(objectId: string, query?: TrackQuery): Promise<Track>;
  /** The trails of the objects matching a filter at a moment. */
  trails(query: TrailsQuery): Promise<Trail[]>;
  /** The first and last stored observation (epoch ms), null when nothing is stored. */
  timeRange(): Promise<{ from: number | null; to: number | null }>;
  /** One object's tag changes, newest first. NotFoundError for an unknown object. */
  tagChanges(objectId: string, limit?: number): Promise<TagChange[]>;
  /** Tag keys, or one key's values, on the most recently observed objects (filter autocompletion). */
  tagSuggestions(query: TagSuggestionQuery): Promise<TagSuggestions>;
  /**
   * Thins positions older than `query.before` to the first per object per `bucketMs`, keeping every
   * object's newest position and every tag change (db/history-retention.ts), in short transactions
   * that ingest batches interleave with (SQLite: on the writer thread).
   */
  pruneHistory(query: PruneQuery): Promise<PruneResult>;
  /** What `pruneHistory` would remove now, and the positions' size on disk. */
  previewPrune(query: Pick<PruneQuery, 'before' | 'bucketMs'>): Promise<PrunePreview>;

  /**
   * Applies a batch of ingest ops in ONE transaction, appending history for every accepted
   * observation. Idempotent: the same (source, type, osm_id, observedAt) twice is one history row
   * and answers `duplicate`. Resolves only after commit.
   */
  applyBatch(ops: IngestOp[]): Promise<IngestOpResult[]>;
  /**
   * How many `applyBatch` calls a caller may have outstanding at once (default 1). Above 1 the store
   * settles batches in call order and, once one fails, rejects every batch handed over before that
   * failure was reported, so a batch never commits ahead of an earlier one (the SQLite store's
   * writer thread starts the next batch the moment it commits the one before).
   */
  readonly maxBatchesInFlight?: number;

  /** Geofences, rules, alerts and the rule engine's state (db/rules-store.ts). */
  readonly rules: RulesStore;
  /** Saved views of the window (db/saved-views-sql.ts). */
  readonly views: SavedViewsStore;
  /** OSM node locations and the replication sources' last applied diffs (db/osm-replication-store.ts). */
  readonly osm: OsmReplicationStore;
  /** Postgres: the change log and connector leases of a team database (below); SQLite: absent. */
  readonly team?: TeamStore;
  /** SQLite opened with a team outbox: its side of syncing through a team database (below). */
  readonly replica?: TeamReplica;

  listSources(): Promise<DataSource[]>;
  getSource(id: string): Promise<DataSource>;
  findSource(id: string): Promise<DataSource | undefined>;
  /** The stored push-token hash of a source, or undefined when the source does not exist. */
  findSourceTokenHash(id: string): Promise<string | undefined>;
  createSource(input: NewSource): Promise<DataSource>;
  updateSource(id: string, patch: SourcePatch): Promise<DataSource>;
  /** Deletes the source and every object (and history row) it brought. */
  deleteSource(id: string): Promise<void>;

  stats(): Promise<StoreStats>;
  /** SQLite: a verified online backup into the backup folder; Postgres: undefined (use pg_dump). */
  backup?(): Promise<string>;
  close(): Promise<void>;
}

// A store shared by a team (issue 19; Postgres only): the change log every instance follows to keep
// its live bus in step, and one lease per connector.

/** One committed batch of another instance, as its own ingest announced it. */
export interface TeamBatch {
  /** The change log's sequence: commit order (db/pg/pg-change-log.ts). */
  seq: number;
  instanceId: string;
  /** Only what changed (created, updated, deleted), in op order. */
  results: TeamChange[];
}

/**
 * A change in a team batch: the result as the committing instance announced it, plus, for an
 * observation older than the object's current one (history only, its result shows the current
 * row), that observation itself, so a desktop replica can add it to its history too.
 */
export type TeamChange = IngestOpResult & { late?: { tags: Tags; geom: Geometry; observedMs: number } };

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
  /** Removes batches committed before `before` (epoch ms) and moves the horizon; answers how many. */
  prune(before: number): Promise<number>;
  /** The highest sequence pruning removed (0 before the first prune): a follower behind it missed changes. */
  horizon(): Promise<number>;
  /**
   * Reads the objects and tombstones as of one moment (one snapshot), page by page, handing each page
   * to `onPage` before reading the next; answers the log's sequence at that moment, after which the
   * follower goes on from the log. A desktop joining, or one behind the horizon, resyncs this way.
   */
  snapshot(onPage: (page: TeamSnapshotPage) => Promise<void>, pageSize?: number): Promise<number>;
}

/** A page of a team snapshot: current objects (times epoch ms) or tombstones. */
export interface TeamSnapshotPage {
  objects: Array<ObjectKey & { tags: Tags; geom: Geometry; tainted: boolean; observedMs: number }>;
  tombstones: Array<ObjectKey & { deletedAt: number }>;
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

// A SQLite desktop syncing through a team database (issue 19 item 2; electron/core/team/team-sync.ts).

/** A local change waiting for the team database, named by its key (object ids are per database). */
export interface OutboxEntry {
  id: number;
  op: 'upsert' | 'patch' | 'delete';
  sourceId: string;
  type: ObjectType;
  osmId: string;
  observedAt: number | null;
  /** upsert: { tags, geom, tainted? }; patch: the patch op without `op` and `objectId`; delete: {}. */
  payload: Record<string, unknown>;
}

export interface TeamReplica {
  /** This desktop's id in the team change log, kept in the database (the same after a restart). */
  readonly instanceId: string;
  /** The oldest `limit` outbox entries, oldest first. */
  outbox(limit: number): Promise<OutboxEntry[]>;
  /** How many changes wait in the outbox. */
  outboxSize(): Promise<number>;
  /** Removes the entries up to and including `id` (once the team database committed them). */
  ackOutbox(id: number): Promise<void>;
  /** The last team change-log sequence applied here (0 before the first). */
  lastSeq(): Promise<number>;
  /** False until the team's objects or changes were first applied here (a desktop joining now). */
  hasApplied(): Promise<boolean>;
  /**
   * Applies the team's changes without outbox entries and sets lastSeq to `seq`, in one transaction;
   * `seq` undefined leaves lastSeq as it is (a page of a resync).
   */
  applyInbound(ops: IngestOp[], seq: number | undefined): Promise<IngestOpResult[]>;
}
