/**
 * What a connector gets from the runtime (settings, a way to hand over ops, a status reporter) and
 * what it gives back: `start()` returns `stop()`, which aborts everything the connector started.
 */
import type { Bbox, HistoryEntry, ObjectFilter, ObjectType, OsmObject, SourceType } from '../../contract/domain.js';
import type { OsmReplicationStore } from '../../../db/osm-replication-store.js';
import type { Logger } from '../../contract/logger.js';
import type { IngestOp } from '../ingest/types.js';

/** States a running connector reports; `idle` and `stopped` are set by the runtime. */
export type ConnectorState = 'connecting' | 'connected' | 'listening' | 'polling' | 'backoff' | 'error';

export interface StateChange {
  state: ConnectorState;
  /** Why the connector is in backoff or error; null clears the last error. Omitted keeps it. */
  error?: string | null;
  /** Epoch ms of the next reconnect or poll after a failure. */
  nextRetryAt?: number | null;
  /** With `listening`: where the listener is bound (`listenAddress()`). */
  address?: string;
  /** A poller's interval, reported with its `polling` states. */
  pollIntervalMs?: number;
  /** True when the poll just had an answer (a 304 included): its time is shown as the last answer. */
  answered?: boolean;
  /** With `answered`: what the answer held (`96 elements, data as of …`); null clears it. */
  answerSummary?: string | null;
}

/** Committed changes of the objects a connector subscribed to (see `ConnectorContext.subscribe`). */
export interface ObjectChanges {
  /** True on the snapshot's first part: forget what earlier changes said. */
  reset: boolean;
  upserted: OsmObject[];
  /** Ids of objects deleted or no longer matching. */
  deleted: string[];
}

/** An open subscription to the live bus; close it in the connector's stop. */
export interface LiveFeed {
  close(): void;
}

export interface ConnectorContext<Info> {
  sourceId: string;
  info: Info;
  log: Logger;
  /** Epoch ms "now" (injectable for tests of time-dependent decoding). */
  now(): number;
  /** Reports a state change (pushed as `source.statusChanged`). */
  setState(change: StateChange): void;
  /** Records input that could not be decoded into ops (counted as rejected, kept as last error). */
  reportRejected(count: number, error: string): void;
  /** Records that input arrived (last message time). */
  noteMessage(): void;
  /**
   * Hands ops to ingest (channel `connector`); resolves after commit with true, or with false when
   * nothing was stored (the connector was stopped, or ingest failed). Never throws: failures are
   * recorded as the last error.
   */
  submit(ops: IngestOp[]): Promise<boolean>;
  /** True while ingest is saturated: stop reading input. */
  isSaturated(): boolean;
  /** Resolves when ingest has room again, or when the connector is stopped. */
  whenDrained(): Promise<void>;
  /**
   * The live bus, for connectors that send objects back out (absent where the runtime has none):
   * a snapshot of the objects matching `filter`, then their changes after each commit. Rejects
   * with AppError('INVALID_INPUT') and one sentence when the filter is refused.
   */
  subscribe?(filter: ObjectFilter, onChange: (changes: ObjectChanges) => void): Promise<LiveFeed>;
  /**
   * What this source's connector learnt, kept across its restarts (a source restarts whenever its
   * settings change) under `key` (settings the memory depends on: another key starts afresh and
   * drops the old one), made by `make` the first time. Dropped with the source; an app restart
   * starts afresh.
   */
  memory<T>(key: string, make: () => T): T;
  /** The store's OpenStreetMap part, for the `osm_replication` source (absent where the runtime has no such store). */
  osm?: OsmLiveStore;
}

/** What a live OSM source may read and write in the store besides ingest. */
export interface OsmLiveStore {
  /** Node locations and the source's last applied diff. */
  replication: OsmReplicationStore;
  /**
   * The objects of OSM elements `type`/`osmIds` whatever OSM source brought them: this source's, and
   * those of OSM extracts imported as `file` sources (`osm`, `osmpbf`, `overpass` formats), which
   * share the element's identity (`type` + `osm_id`). An element may have one object in each.
   */
  elementObjects(type: ObjectType, osmIds: readonly string[]): Promise<OsmObject[]>;
  /** A geofence's bounding box [west, south, east, north], or undefined when there is no such geofence. */
  geofenceBbox(id: string): Promise<Bbox | undefined>;
  /** What adopting this source's twins needs (absent where the store cannot list objects). */
  twins?: OsmTwins;
}

/**
 * This source's objects whose OSM element an extract (imported after the source stored them) holds
 * too: the source hands each one's history to the extract's objects and drops its own.
 */
export interface OsmTwins {
  /**
   * A key that changes whenever an OSM extract source is added, re-imported, grows or goes away:
   * while it stays the same, no new twin can have appeared.
   */
  extractsKey(): Promise<string>;
  /** This source's objects whose element an OSM extract's objects hold too, each with those objects. */
  find(): Promise<Array<{ own: OsmObject; twins: OsmObject[] }>>;
  /** One object's history, oldest first. */
  history(objectId: string): Promise<HistoryEntry[]>;
}

/** Stops a connector: closes sockets, clears timers, aborts requests; resolves when all are gone. */
export type StopConnector = () => Promise<void>;

/** A connector for one source type. */
export interface ConnectorFactory<Info = unknown> {
  type: SourceType;
  /** True when the source has something to run (e.g. a websocket source with a url). */
  isRunnable(info: Info): boolean;
  start(ctx: ConnectorContext<Info>): StopConnector;
}
