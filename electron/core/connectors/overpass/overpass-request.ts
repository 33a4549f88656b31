/**
 * The Overpass requests of one source: the query URL (the `{{bbox}}` placeholder filled with the
 * source's area in Overpass's order, south,west,north,east) and the instance's `/api/status`, read
 * for the address's free slots before a query (the public instances give two per address).
 */
import type { OverpassConnectionInfo } from '../../../contract/sources/overpass.js';

/** The query and the area `{{bbox}}` stands for, a geofence id already resolved to its bounding box. */
type QueryParts = Pick<OverpassConnectionInfo, 'query'> & { bbox?: [number, number, number, number] | undefined };

/** The query with `{{bbox}}` replaced by `south,west,north,east`. */
export function fillOverpassQuery(info: QueryParts): string {
  if (!info.bbox) return info.query;
  const [west, south, east, north] = info.bbox;
  return info.query.split('{{bbox}}').join(`${south},${west},${north},${east}`);
}

/** `…/api/interpreter?data=QUERY`. */
export function overpassQueryUrl(info: QueryParts & Pick<OverpassConnectionInfo, 'url'>): string {
  const url = new URL(info.url);
  url.searchParams.set('data', fillOverpassQuery(info));
  return url.toString();
}

/** `https://overpass-api.de/api/interpreter` → `https://overpass-api.de/api/status`; undefined when the path does not end in `/interpreter`. */
export function overpassStatusUrl(interpreter: string): string | undefined {
  const url = new URL(interpreter);
  if (!/\/interpreter\/?$/.test(url.pathname)) return undefined;
  url.pathname = url.pathname.replace(/\/interpreter\/?$/, '/status');
  url.search = '';
  return url.toString();
}

export interface OverpassSlots {
  /** `Rate limit: N` (0: no limit). */
  rateLimit?: number;
  /** `N slots available now.` */
  freeNow: number;
  /** Seconds until the first busy slot frees (`Slot available after: …, in N seconds.`). */
  nextInS?: number;
}

/** Reads the plain-text status page; undefined when it is not one. */
export function parseOverpassStatus(text: string): OverpassSlots | undefined {
  const rate = /^Rate limit:\s*(\d+)\s*$/m.exec(text);
  if (!rate && !/^Connected as:/m.test(text)) return undefined;
  const free = /^(\d+)\s+slots? available now/m.exec(text);
  const waits = [...text.matchAll(/^Slot available after:.*?in\s+(-?\d+)\s+seconds?/gm)].map((m) => Number(m[1]));
  const slots: OverpassSlots = { freeNow: free ? Number(free[1]) : 0 };
  if (rate) slots.rateLimit = Number(rate[1]);
  if (waits.length > 0) slots.nextInS = Math.max(0, Math.min(...waits));
  return slots;
}

/**
 * How long to wait before querying, in ms: 0 when a slot is free or the instance has no limit,
 * else until the first slot frees (one second added for the instance's clock); undefined when
 * every slot is taken by a running query (no time known: the caller backs off).
 */
export function slotWaitMs(slots: OverpassSlots): number | undefined {
  if (slots.rateLimit === 0 || slots.freeNow > 0) return 0;
  return slots.nextInS === undefined ? undefined : (slots.nextInS + 1) * 1000;
}
