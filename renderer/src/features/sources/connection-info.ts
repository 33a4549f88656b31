/**
 * Connection-info editing aids: a starting template per source type and a check run as the user
 * types (JSON syntax, then the contract's schema), which gives the same sentence main gives on save.
 */
import { checkConnectionInfoValue, CREDENTIAL_MASK } from '../../../../electron/contract/connection-info.js';
import type { SourceType } from '../../../../electron/contract/domain.js';

export const CONNECTION_TEMPLATES: Record<SourceType, Record<string, unknown>> = {
  simulator: { bbox: [9.7, 53.4, 10.3, 53.7], count: 100, rate_per_s: 20, kinds: ['ship', 'car', 'aircraft', 'drone'] },
  websocket: {},
  rest: {},
  file: {},
  osmand: { host: '127.0.0.1', port: 5055 },
  cot: { mode: 'listen', protocol: 'udp', host: '0.0.0.0', port: 6969, multicast_group: '239.2.3.1' },
  nmea: { mode: 'connect', protocol: 'tcp', host: '127.0.0.1', port: 10110 },
  gpsd: { host: '127.0.0.1', port: 2947 },
  aircraft_json: { url: 'http://127.0.0.1:8080/data/aircraft.json', interval_ms: 1000 },
  sbs: { host: '127.0.0.1', port: 30003 },
  opensky: { bbox: [5.9, 45.8, 10.5, 47.8], interval_ms: 10000 },
  overpass: {
    url: 'https://overpass-api.de/api/interpreter',
    query: '[out:json][timeout:60];nwr[amenity=drinking_water]({{bbox}});out meta geom;',
    bbox: [7.409, 43.723, 7.44, 43.752],
    interval_ms: 600000,
  },
  osm_api: { url: 'https://api.openstreetmap.org', watch: ['node/1', 'way/2'], interval_ms: 600000 },
  osm_replication: {
    url: 'https://planet.openstreetmap.org/replication/minute',
    area: [7.409, 43.723, 7.44, 43.752],
    interval_ms: 60000,
  },
};

export const TYPE_HINTS: Record<SourceType, string> = {
  simulator: 'Built-in generator of moving objects inside bbox [west, south, east, north].',
  websocket: 'Leave empty for publishers that connect to the hub; set "url" (ws:// or wss://) to read a remote feed.',
  rest: 'Leave empty for publishers that POST to the hub; set "url" (http:// or https://) and "interval_s" to poll.',
  file: 'Created by file imports; usually nothing to set.',
  osmand: 'Listens for phones running Traccar Client or OsmAnd (OsmAnd protocol over HTTP) on "host":"port".',
  cot: 'Cursor-on-Target from ATAK/WinTAK/iTAK: "mode" listen (TCP or UDP, "multicast_group" for the SA group) or connect to a TAK server; "send": {"filter": "kind=ship"} sends matching objects back as CoT.',
  nmea: 'NMEA 0183 GPS and AIS sentences: "mode" connect (TCP; "init" is sent first, e.g. ?WATCH={"enable":true,"nmea":true} for gpsd on 2947) or listen ("protocol" udp or tcp); "receiver_id" names the GPS object.',
  gpsd: "Connects to gpsd's JSON port (2947) and reads TPV and AIS reports.",
  aircraft_json: 'Polls readsb / dump1090 / tar1090 aircraft.json at "url" every "interval_ms".',
  sbs: 'Connects to a BaseStation (SBS-1) port 30003 of dump1090 or readsb; "time_zone" "utc" when the peer writes UTC dates (default "local").',
  opensky:
    'Polls the OpenSky Network states/all inside "bbox" [west, south, east, north]; "client_id"/"client_secret" for an account.',
  overpass:
    'Runs an Overpass QL query ("[out:json]", "out meta geom" keeps versions) every "interval_ms"; "{{bbox}}" stands for "bbox" [west, south, east, north] or a geofence id. Elements gone from the answer are marked osm:deleted=yes.',
  osm_api:
    'Watches OSM elements ("watch": ["node/1", "way/2", "relation/3"]) on the OSM API 0.6 every "interval_ms"; each new version and its history (user, changeset, time) become history; deleted elements are marked osm:deleted=yes.',
  osm_replication:
    'Applies OSM replication diffs ("url" of a replication folder with state.txt, or a local "directory") in sequence to the elements inside "area" ([west, south, east, north] or a geofence id); "start_timestamp" starts after an imported extract\'s time. Deleted elements are marked osm:deleted=yes.',
};

export type ConnectionCheck = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/**
 * Checks connection-info text: valid JSON, a JSON object, then the type's contract schema (the same check
 * main runs on save, so the message is the same sentence). On success `value` is the object as typed.
 */
export function checkConnectionInfo(text: string, type: SourceType): ConnectionCheck {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `Connection info is not valid JSON: ${detail}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'Connection info must be a JSON object such as {"url": "…"}.' };
  }
  const check = checkConnectionInfoValue(type, value);
  if (!check.ok) return { ok: false, message: check.message };
  return { ok: true, value: value as Record<string, unknown> };
}

/** The URLs a publisher uses for a source, from the hub's base URL (http://host:port). */
export function publisherUrls(hubUrl: string, sourceId: string): { websocket: string; rest: string } {
  const base = hubUrl.replace(/\/+$/, '');
  const ws = base.replace(/^http/, 'ws');
  return {
    websocket: `${ws}/api/ws/data-source/${sourceId}/{client_id}`,
    rest: `${base}/api/data-sources/${sourceId}/objects`,
  };
}

/** What main answers in place of a stored credential (docs/security.md); sent back, it keeps the secret. */
export const SECRET_MASK = CREDENTIAL_MASK;

/**
 * Dotted paths of the values in connection info that hold the mask, once per mask in document order; a
 * mask inside a URL is named by its part: `url (password)`, `url (?token)`. Walks at most 32 levels.
 */
export function maskedFields(info: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      for (let at = value.indexOf(SECRET_MASK); at >= 0; at = value.indexOf(SECRET_MASK, at + 1)) {
        out.push(value === SECRET_MASK ? path : `${path} (${partOfUrl(value, at)})`);
      }
    } else if (value !== null && typeof value === 'object' && depth < 32) {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`, depth + 1);
    }
  };
  walk(info, '', 0);
  return out;
}

/** What a mask at `at` in a URL stands for: the password, a query parameter, or just "masked". */
function partOfUrl(url: string, at: number): string {
  const before = url.slice(0, at);
  if (before.endsWith('='))
    return `?${before.slice(Math.max(before.lastIndexOf('?'), before.lastIndexOf('&')) + 1, -1)}`;
  if (before.endsWith(':') && url.startsWith('@', at + SECRET_MASK.length)) return 'password';
  return 'masked';
}
