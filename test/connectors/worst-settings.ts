/**
 * Test helper: for each source type, the worst connection info the validator still accepts (every
 * limit reached at once: nesting depth, total size, header count, string lengths, counts).
 */
import { OVERPASS_MAX_QUERY_LENGTH } from '../../electron/contract/sources/overpass.js';
import { OSM_API_MAX_WATCH } from '../../electron/contract/sources/osm-api.js';
import { CONNECTION_INFO_LIMITS as L } from '../../electron/contract/connection-info.js';
import type { SourceType } from '../../electron/contract/domain.js';

/** Size of a value written as JSON, in UTF-8 bytes. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** `{k: … {k: leaf}}` with `levels` objects. */
export function nest(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = { k: value };
  return value;
}

/** The innermost object of a `nest` value. */
function innermost(value: unknown): Record<string, unknown> {
  let cur = value as Record<string, unknown>;
  while (typeof cur['k'] === 'object' && cur['k'] !== null) cur = cur['k'] as Record<string, unknown>;
  return cur;
}

/** A URL of exactly `length` characters: `base` plus a padded path. */
export function longUrl(base: string, length: number = L.maxUrlLength): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  return root + 'p'.repeat(length - root.length);
}

/** `count` headers with names of the longest length and values of `valueLength` characters. */
function headers(valueLength: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < L.maxHeaders; i += 1) {
    const name = `x-h${String(i).padStart(2, '0')}-`;
    out[name + 'n'.repeat(L.maxHeaderNameLength - name.length)] = 'v'.repeat(valueLength);
  }
  return out;
}

/** Grows the string at `obj[key]` until `root` is exactly maxBytes of JSON. */
function fillTo(root: unknown, obj: Record<string, unknown>, key: string): void {
  const missing = L.maxBytes - jsonBytes(root);
  if (missing < 0) throw new Error(`worst settings are ${-missing} bytes over the limit already`);
  obj[key] = String(obj[key]) + 'f'.repeat(missing);
}

/** Worst accepted `websocket` settings: depth, size, header count and lengths all at their limits. */
export function worstWebsocketInfo(feedUrl: string): Record<string, unknown> {
  // connection_info is level 1 and subscribe_message level 2, so 31 objects reach the depth limit.
  const subscribe = nest(L.maxDepth - 1, 'subscribe');
  const info: Record<string, unknown> = {
    url: longUrl(feedUrl),
    headers: headers(300),
    subscribe_message: subscribe,
    format: 'auto',
    backoff: { initial_ms: 10, max_ms: 3_600_000, factor: 10, jitter: 1 },
    heartbeat_s: 3600,
  };
  fillTo(info, innermost(subscribe), 'k');
  return info;
}

/**
 * Worst accepted `rest` settings: the shortest interval, header count, longest paths, most mapped
 * tags, filled to the size limit. Items of the feed must carry `itemKeys()` as their fields.
 */
export function worstRestInfo(feedUrl: string): Record<string, unknown> {
  const keys = restItemKeys();
  const tags: Record<string, string> = {};
  for (let i = 0; i < L.maxMappedTags; i += 1) tags[`t${i}`] = keys.name;
  const hs = headers(0);
  const info: Record<string, unknown> = {
    url: longUrl(feedUrl),
    interval_s: Number.MIN_VALUE,
    timeout_s: 600,
    headers: hs,
    format: 'json-array',
    mapping: { items: keys.items, id: keys.id, lon: keys.lon, lat: keys.lat, tags },
  };
  // The rest of the size goes into the header values, spread so none passes its own limit.
  const each = Math.floor((L.maxBytes - jsonBytes(info)) / L.maxHeaders);
  for (const name of Object.keys(hs)) hs[name] = 'v'.repeat(Math.min(each, L.maxHeaderValueLength));
  fillTo(info, hs, Object.keys(hs)[0]!);
  return info;
}

/** Field names of the worst REST mapping (each path as long as allowed). */
export function restItemKeys(): { items: string; id: string; lon: string; lat: string; name: string } {
  const key = (c: string) => c.repeat(L.maxPathLength);
  return { items: key('i'), id: key('d'), lon: key('x'), lat: key('y'), name: 'n' };
}

/** Worst accepted `simulator` settings: most objects, highest rate, most kinds, the widest box. */
export function worstSimulatorInfo(): Record<string, unknown> {
  return {
    bbox: [-180, -85, 180, 85],
    count: 100_000,
    rate_per_s: 100_000,
    kinds: Array.from({ length: L.maxKinds }, (_, i) => ['ship', 'car', 'aircraft', 'drone'][i % 4]),
    seed: Number.MAX_SAFE_INTEGER,
  };
}

/** Worst accepted `file` settings: the longest path and format. */
export function worstFileInfo(): Record<string, unknown> {
  return { path: `/${'d'.repeat(L.maxFilePathLength - 1)}`, format: 'g'.repeat(L.maxFileFormatLength) };
}

/** The worst settings of every type; `feedUrl` is where the websocket and rest feeds are served. */
export function worstInfoByType(feeds: { ws: string; http: string }): Record<SourceType, Record<string, unknown>> {
  return {
    websocket: worstWebsocketInfo(feeds.ws),
    rest: worstRestInfo(feeds.http),
    simulator: worstSimulatorInfo(),
    file: worstFileInfo(),
    ...worstAdapterInfo(feeds.http),
    overpass: worstOverpassInfo(feeds.http),
    osm_api: {
      url: feeds.http,
      watch: Array.from({ length: OSM_API_MAX_WATCH }, (_, i) => `relation/${9_000_000_000_000_000 - i}`),
      interval_ms: 1000,
      timeout_s: 600,
      format: 'xml',
      backoff: { initial_ms: 10, max_ms: 3_600_000, factor: 10, jitter: 1 },
    },
    osm_replication: {
      url: `${feeds.http}/replication/minute`,
      area: [-180, -90, 180, 90],
      interval_ms: 1000,
      start_timestamp: '1970-01-01T00:00:00Z',
      timeout_s: 600,
      backoff: { initial_ms: 10, max_ms: 3_600_000, factor: 10, jitter: 1 },
    },
  };
}

/** Worst accepted `overpass` settings: the longest query, the shortest interval, the longest timeout. */
export function worstOverpassInfo(http: string): Record<string, unknown> {
  const head = '[out:json];node({{bbox}});out meta;';
  return {
    url: `${http}/api/interpreter`,
    query: `${head}${' '.repeat(OVERPASS_MAX_QUERY_LENGTH - head.length)}`,
    bbox: [-180, -90, 180, 90],
    interval_ms: 1000,
    timeout_s: 900,
    backoff: { initial_ms: 10, max_ms: 3_600_000, factor: 10, jitter: 1 },
  };
}

/**
 * Worst accepted settings of the protocol adapters: listeners on loopback at the highest port, the
 * longest allow-list the size limit lets through, clients pointed at a closed port (they back off).
 */
export function worstAdapterInfo(
  http: string,
): Pick<
  Record<SourceType, Record<string, unknown>>,
  'osmand' | 'cot' | 'nmea' | 'gpsd' | 'aircraft_json' | 'sbs' | 'opensky'
> {
  const closed = { host: '127.0.0.1', port: 9, backoff: { initial_ms: 10, max_ms: 3_600_000, factor: 10, jitter: 1 } };
  return {
    osmand: {
      host: '127.0.0.1',
      port: 65_535,
      allow_devices: Array.from({ length: 450 }, (_, i) => `${i}`.padStart(128, 'd')),
    },
    cot: { mode: 'connect', protocol: 'tcp', ...closed },
    nmea: { mode: 'connect', protocol: 'tcp', ...closed, init: 'i'.repeat(1024), receiver_id: 'r'.repeat(128) },
    gpsd: closed,
    aircraft_json: { url: `${http}/aircraft.json`, interval_ms: 100, timeout_s: 600 },
    sbs: closed,
    opensky: { url: `${http}/states/all`, bbox: [-180, -90, 180, 90], interval_ms: 1000 },
  };
}
