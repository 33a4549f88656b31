/**
 * Types the hub builds on: its config and the structural shapes of the core parts it calls (one
 * dispatcher, the ingest pipeline, the store, source-token auth). It logs through the contract Logger.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Alert } from '../../contract/methods/rules.js';
import type { Store } from '../../../db/store.js';
import type { SourceTokenCheck } from '../auth.js';
import type { Dispatcher, Principal } from '../dispatch/dispatcher.js';
import type { Ingest } from '../ingest/types.js';

export type { CallContext, Principal } from '../dispatch/dispatcher.js';

/** The one dispatcher, as the hub uses it. */
export type DispatcherLike = Pick<Dispatcher, 'dispatch'>;

/** Source-token check: resolves the source's state for a presented token (verifySourceToken). */
export interface SourceAuthLike {
  checkSource(sourceId: string, token: string | undefined): Promise<SourceTokenCheck>;
  /** Cheap re-check used while a publisher stays connected (deactivated or deleted sources). */
  isActive(sourceId: string): Promise<boolean>;
}

export interface HubConfig {
  /** Interface to bind; 127.0.0.1 unless opened to a LAN on purpose. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The app token (Bearer or ?token=) for everything but publishers. */
  token: string;
  /** Extra `host[:port]` values accepted in the Host header (the LAN name when `host` is opened). */
  allowedHosts: string[];
  /** Extra origins accepted besides the hub's own (e.g. a Vite dev server). */
  allowedOrigins: string[];
  /** Largest publisher frame in bytes; larger frames close with 1009. */
  maxPublisherPayload: number;
  /** Largest subscriber frame in bytes. */
  maxSubscriberPayload: number;
  /** Largest REST request body in bytes (413 beyond). */
  maxBodyBytes: number;
  /** Most objects in one batch or FeatureCollection. */
  maxBatchObjects: number;
  /** Ops a publisher may have waiting for commit before its socket stops being read. */
  maxInFlightOps: number;
  /** Open WebSocket connections at most (publishers + subscribers + added upgrades); 503 beyond. */
  maxConnections: number;
  /** Publisher connections one data source may hold; 429 beyond. */
  maxConnectionsPerSource: number;
  /**
   * Connections opened with one token (a source's push token, or the app token for subscribers and
   * RPC sockets beyond their reserved slots); 429 beyond.
   */
  maxConnectionsPerToken: number;
  /** Slots only the app's own RPC sockets (added upgrades) may take; they also pass the per-token quota. */
  reservedRpcSlots: number;
  /** Slots publishers may not take, kept for subscribers. */
  reservedSubscriberSlots: number;
  /** Largest request line plus headers in bytes; 414 (the URL alone) or 431 beyond. */
  maxHeaderBytes: number;
  /** Objects a subscriber may have pending (conflated) before it is cut off with 1013. */
  maxSubscriberPending: number;
  /** Bytes buffered on a subscriber socket above which deltas are held and conflated. */
  subscriberHighWaterBytes: number;
  /** Ping interval; a peer that missed the previous pong is dropped. */
  heartbeatMs: number;
}

/** Where the hub reports publisher connections it refused, and how many it holds, for the source's status. */
export interface RefusalSink {
  noteRefusedConnection(sourceId: string): void;
  /** How many publishers are connected for the source now, after each connect and close. */
  setPublishers?(sourceId: string, count: number): void;
}

export interface HubDeps {
  dispatcher: DispatcherLike;
  ingest: Ingest;
  store: Store;
  auth: SourceAuthLike;
  /** The connector runtime (core.connectors) counts refusals per source; optional. */
  connectors?: RefusalSink;
  /** The rule engine (core.rules): subscribers who send `subscribe_alerts` hear its alerts; optional. */
  rules?: AlertFeed;
}

/** Where the hub hears of alerts, after they were stored. */
export interface AlertFeed {
  /** Returns the function that stops listening. */
  onAlert(listener: (alert: Alert) => void): () => void;
}

/** Request handler for a route added with `hub.addRoute`; `params` holds the `:name` path parts. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { params: Record<string, string>; url: URL; principal: Principal | null },
) => void | Promise<void>;

/**
 * Upgrade handler for a path added with `hub.addUpgrade`, called after the Host/Origin/token checks
 * and the connection quotas (added upgrades are the app's own RPC sockets: they hold the reserved slots).
 */
export type UpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: { url: URL; principal: Principal | null },
) => void;

/** Whether a route needs the app token (`app`) or nothing beyond the Host/Origin checks (`none`). */
export interface RouteOptions {
  auth?: 'app' | 'none';
}
