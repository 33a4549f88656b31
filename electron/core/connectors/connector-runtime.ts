/**
 * The connector runtime: one running connector per active source that has something to run, kept
 * in step with the stored sources, with a live status per source pushed when it changes.
 */
import type { DataSource, OsmObject, SourceStatus } from '../../contract/domain.js';
import type { Ingest } from '../ingest/types.js';
import type { Store } from '../../../db/store.js';
import type { ConnectorRuntime } from './types.js';
import type { Logger } from '../../contract/logger.js';
import type { Live } from '../live/live.js';
import type { ConnectorContext, ConnectorFactory, OsmTwins } from './connector-context.js';
import { loadConnectionInfo, type LoadedConnectionInfo } from './connection-info.js';
import { stableJson } from './stable-json.js';
import { createSourceEntry, type SourceEntry } from './source-entry.js';
import type { LeaseGate } from './lease-gate.js';
import { websocketConnector } from './websocket/websocket-connector.js';
import { restConnector } from './rest/rest-connector.js';
import { simulatorConnector } from './simulator/simulator-connector.js';
import { osmandConnector } from './osmand/osmand-connector.js';
import { cotConnector } from './cot/cot-connector.js';
import { nmeaConnector } from './nmea/nmea-connector.js';
import { gpsdConnector } from './gpsd/gpsd-connector.js';
import { aircraftJsonConnector } from './aircraft-json/aircraft-json-connector.js';
import { sbsConnector } from './sbs/sbs-connector.js';
import { openskyConnector } from './opensky/opensky-connector.js';
import { overpassConnector } from './overpass/overpass-connector.js';
import { osmApiConnector } from './osm-api/osm-api-connector.js';
import { osmReplicationConnector } from './osm-replication/osm-replication-connector.js';

export interface ConnectorRuntimeDeps {
  /** The store; with `osm`, `findObjectsByKeys` and `rules` the live OSM sources get `ctx.osm`. */
  store: Pick<Store, 'listSources'> &
    Partial<Pick<Store, 'osm' | 'findObjectsByKeys' | 'rules' | 'listObjects' | 'countObjects' | 'history'>>;
  ingest: Pick<Ingest, 'submit' | 'isSaturated' | 'whenDrained' | 'counters'>;
  log: Logger;
  now?: () => number;
  /** Connector per source type; defaults to every built-in one (DEFAULT_CONNECTORS). */
  factories?: ConnectorFactory<never>[];
  /** How often counts and rates are refreshed and pushed when changed (ms). */
  statusIntervalMs?: number;
  /** Opens the source's sealed credentials just before its connector starts (throws one sentence when it cannot). */
  reveal?: (source: DataSource) => DataSource;
  /** The live bus, offered to connectors as `ctx.subscribe` (connectors that send objects out). */
  live?: Pick<Live, 'subscribe'>;
  /**
   * On a team database: connectors run only while this instance holds their lease (lease-gate.ts),
   * and the stored sources are read again every `resyncMs` so sources another instance created,
   * changed or deleted are followed (and taken over when their owner goes away).
   */
  team?: { gate: LeaseGate; resyncMs: number };
}

/** Most objects in the snapshot a connector's live subscription starts with. */
const LIVE_SNAPSHOT_LIMIT = 10_000;

/** The factory with `ctx.subscribe` added to the context it is started with. */
function withLive<Info>(
  factory: ConnectorFactory<Info>,
  live: Pick<Live, 'subscribe'> | undefined,
): ConnectorFactory<Info> {
  if (!live) return factory;
  const subscribe: NonNullable<ConnectorContext<Info>['subscribe']> = async (filter, onChange) => {
    const { subscription } = await live.subscribe({
      filter,
      snapshotLimit: LIVE_SNAPSHOT_LIMIT,
      sink: { send: (p) => onChange({ reset: p.reset, upserted: p.upserted, deleted: p.deleted }) },
    });
    return { close: () => subscription.close() };
  };
  return { ...factory, start: (ctx) => factory.start({ ...ctx, subscribe }) };
}

/** File formats whose objects carry OSM identity (`type` + `osm_id` of an OSM element). */
const OSM_EXTRACT_FORMATS = new Set(['osm', 'osmpbf', 'overpass']);

/** A `file` source imported from an OSM extract. */
function isOsmExtract(source: DataSource): boolean {
  const format = (source.connection_info as { format?: unknown }).format;
  return source.type === 'file' && typeof format === 'string' && OSM_EXTRACT_FORMATS.has(format);
}

/** Objects of a source listed per query when looking for its twins. */
const TWIN_PAGE = 5000;

/** The twins part of `ctx.osm` for `sourceId` (osm-replication/adopt-twins.ts), where the store can list objects. */
function osmTwins(store: ConnectorRuntimeDeps['store'], sourceId: string): OsmTwins | undefined {
  const { findObjectsByKeys, listObjects, countObjects, history } = store;
  if (!findObjectsByKeys || !listObjects || !countObjects || !history) return undefined;
  const extracts = async () => (await store.listSources()).filter(isOsmExtract);
  return {
    async extractsKey() {
      const parts = [];
      for (const s of await extracts())
        parts.push(`${s.id}@${s.updated_at}:${await countObjects.call(store, { source_ids: [s.id] })}`);
      return parts.sort().join(',');
    },
    async find() {
      const ids = (await extracts()).map((s) => s.id);
      const out: Array<{ own: OsmObject; twins: OsmObject[] }> = [];
      if (ids.length === 0) return out;
      // Per type, by osm_id: unique within this source and type, so the pages neither skip nor repeat.
      for (const type of ['node', 'way', 'relation'] as const)
        for (let offset = 0; ; offset += TWIN_PAGE) {
          const { items } = await listObjects.call(store, {
            filter: { source_ids: [sourceId], types: [type] },
            sort: { field: 'osm_id', dir: 'asc' },
            limit: TWIN_PAGE,
            offset,
          });
          const own = new Map(items.map((o) => [o.osm_id, o]));
          const byId = new Map<string, OsmObject[]>();
          for (const o of own.size > 0 ? await findObjectsByKeys.call(store, ids, type, [...own.keys()]) : [])
            byId.set(o.osm_id, [...(byId.get(o.osm_id) ?? []), o]);
          for (const [osmId, twins] of byId) out.push({ own: own.get(osmId)!, twins });
          if (items.length < TWIN_PAGE) break;
        }
      return out;
    },
    history: (objectId) => history.call(store, objectId, { ascending: true, limit: 100_000 }),
  };
}

/** The factory with `ctx.osm` (the store's OSM part, for this source) added to the context. */
function withOsm<Info>(factory: ConnectorFactory<Info>, store: ConnectorRuntimeDeps['store']): ConnectorFactory<Info> {
  const { osm, findObjectsByKeys, rules } = store;
  if (!osm || !findObjectsByKeys || !rules) return factory;
  return {
    ...factory,
    start: (ctx) => {
      const twins = osmTwins(store, ctx.sourceId);
      return factory.start({
        ...ctx,
        osm: {
          replication: osm,
          async elementObjects(type, osmIds) {
            if (osmIds.length === 0) return [];
            const sources = (await store.listSources()).filter((s) => s.id === ctx.sourceId || isOsmExtract(s));
            return findObjectsByKeys.call(
              store,
              sources.map((s) => s.id),
              type,
              osmIds,
            );
          },
          async geofenceBbox(id) {
            const fences = await rules.listGeofences();
            return fences.find((f) => f.id === id)?.bbox;
          },
          ...(twins ? { twins } : {}),
        },
      });
    },
  };
}

/**
 * The built-in connectors. Typed loosely as a list: the runtime hands each factory only info parsed
 * by its own type's schema.
 */
export const DEFAULT_CONNECTORS = [
  websocketConnector,
  restConnector,
  simulatorConnector,
  osmandConnector,
  cotConnector,
  nmeaConnector,
  gpsdConnector,
  aircraftJsonConnector,
  sbsConnector,
  openskyConnector,
  overpassConnector,
  osmApiConnector,
  osmReplicationConnector,
] as ConnectorFactory<never>[];

/** Creates the runtime; call `start()` at launch, `sync()` after every source change, `stop()` at quit. */
export function createConnectorRuntime(deps: ConnectorRuntimeDeps): ConnectorRuntime {
  const now = deps.now ?? Date.now;
  const factories = new Map((deps.factories ?? DEFAULT_CONNECTORS).map((f) => [f.type, f]));
  const entries = new Map<string, SourceEntry>();
  const chains = new Map<string, Promise<void>>();
  const listeners = new Set<(status: SourceStatus) => void>();
  let ticker: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const emit = (status: SourceStatus): void => {
    for (const listener of listeners) {
      try {
        listener(status);
      } catch (err) {
        deps.log.warn('source status listener failed', { error: String(err) });
      }
    }
  };

  const updateTicker = (): void => {
    const anyActive = [...entries.values()].some((e) => e.source.is_active);
    if (anyActive && ticker === undefined && !closed) {
      ticker = setInterval(() => {
        for (const entry of entries.values()) entry.refresh();
      }, deps.statusIntervalMs ?? 1000);
      ticker.unref();
    } else if ((!anyActive || closed) && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };

  /** The settings the source's connector would get, or why they cannot be loaded; never throws. */
  const load = (source: DataSource): LoadedConnectionInfo => {
    try {
      const opened = deps.reveal ? deps.reveal(source) : source;
      return loadConnectionInfo(source.type, opened.connection_info);
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  };

  /** Equal for equal settings whatever their key order (or sealing); a refusal keys on its reason. */
  const settingsKey = (source: DataSource, loaded: LoadedConnectionInfo): string =>
    loaded.ok ? `${source.type}:${stableJson(loaded.value)}` : `${source.type}!${loaded.message}`;

  async function apply(sourceId: string, source: DataSource | undefined): Promise<void> {
    const existing = entries.get(sourceId);
    const loaded = source ? load(source) : undefined;
    const key = source && loaded ? settingsKey(source, loaded) : '';
    if (existing && source && existing.key === key && existing.source.is_active === source.is_active) {
      existing.source = source;
      return;
    }
    if (existing) {
      await deps.team?.gate.drop(sourceId);
      await existing.stopConnector();
      if (!source) {
        entries.delete(sourceId);
        existing.markStopped();
        updateTicker();
        return;
      }
    }
    if (!source) return;
    const entry = existing ?? createSourceEntry({ source, ingest: deps.ingest, log: deps.log, now, emit });
    entry.source = source;
    entry.key = key;
    entries.set(sourceId, entry);
    if (!source.is_active || closed || !loaded) {
      entry.markStopped();
    } else {
      startConnector(entry, loaded);
    }
    updateTicker();
  }

  function startConnector(entry: SourceEntry, loaded: LoadedConnectionInfo): void {
    const { source } = entry;
    if (!loaded.ok) {
      entry.markFailed(loaded.message);
      return;
    }
    const factory = factories.get(source.type) as ConnectorFactory<unknown> | undefined;
    try {
      if (!factory || !factory.isRunnable(loaded.value)) {
        entry.markIdle();
        return;
      }
      const run = () => entry.run(withOsm(withLive(factory, deps.live), deps.store), loaded.value);
      if (!deps.team) {
        run();
        return;
      }
      entry.markStandby();
      deps.team.gate.hold(source.id, {
        start: () => {
          try {
            run();
          } catch (err) {
            entry.markFailed(
              `Source '${source.name}' failed to start: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
        },
        stop: async () => {
          await entry.stopConnector();
          entry.markStandby();
        },
        role: (owner, isMine) => entry.setOwner(owner, isMine),
      });
    } catch (err) {
      deps.log.error('connector failed to start', { sourceId: source.id, error: String(err) });
      entry.markFailed(`Source '${source.name}' failed to start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A source that could not be brought up at launch: in error with the reason; the others go on. */
  function failAtLaunch(source: DataSource, err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    deps.log.error('source could not be loaded at launch', { sourceId: source.id, error: reason });
    const entry =
      entries.get(source.id) ?? createSourceEntry({ source, ingest: deps.ingest, log: deps.log, now, emit });
    entries.set(source.id, entry);
    entry.markFailed(`Source '${source.name}' could not be loaded: ${reason}`);
  }

  let resync: ReturnType<typeof setInterval> | undefined;
  let resyncing = false;
  /** Team database: brings the runtime in line with sources other instances created, changed or deleted. */
  async function followStoredSources(): Promise<void> {
    if (resyncing || closed) return;
    resyncing = true;
    try {
      const sources = await deps.store.listSources();
      const ids = new Set(sources.map((s) => s.id));
      for (const s of sources) void sync(s.id, s).catch(() => undefined);
      for (const id of entries.keys()) if (!ids.has(id)) void sync(id, undefined).catch(() => undefined);
    } catch (err) {
      deps.log.warn('stored sources could not be read again', { error: String(err) });
    } finally {
      resyncing = false;
    }
  }

  const sync = (sourceId: string, source: DataSource | undefined): Promise<void> => {
    // Calls for one source run in order, so a quick activate/deactivate cannot leave two connectors.
    const previous = chains.get(sourceId) ?? Promise.resolve();
    const next = previous.then(() => apply(sourceId, source));
    const settled = next.catch((err: unknown) => {
      deps.log.error('connector sync failed', { sourceId, error: String(err) });
    });
    chains.set(sourceId, settled);
    void settled.then(() => {
      if (chains.get(sourceId) === settled) chains.delete(sourceId);
    });
    return next;
  };

  return {
    sync,
    status(sourceId) {
      if (sourceId !== undefined) {
        const entry = entries.get(sourceId);
        return entry ? [entry.status()] : [];
      }
      return [...entries.values()].map((e) => e.status());
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    noteRefusedConnection(sourceId) {
      entries.get(sourceId)?.noteRefusedConnection();
    },
    setPublishers(sourceId, count) {
      entries.get(sourceId)?.setPublishers(count);
    },
    async start() {
      closed = false;
      const sources = await deps.store.listSources();
      // One source that cannot be loaded is marked in error; it never stops the others (or the app).
      await Promise.all(sources.map((s) => sync(s.id, s).catch((err: unknown) => failAtLaunch(s, err))));
      if (deps.team) {
        resync = setInterval(() => void followStoredSources(), deps.team.resyncMs);
        resync.unref();
      }
    },
    async stop() {
      closed = true;
      clearInterval(resync);
      await deps.team?.gate.stop();
      await Promise.all([...chains.values()]);
      await Promise.all([...entries.values()].map((e) => e.stopConnector()));
      for (const entry of entries.values()) entry.markStopped();
      updateTicker();
    },
  };
}
