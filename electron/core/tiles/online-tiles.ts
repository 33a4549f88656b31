/**
 * An online raster tile source, fetched by main with a proper User-Agent and served through the
 * cache: fresh cached tiles without asking, conditional requests when stale, and the stale copy
 * when the network is down. Follows the OpenStreetMap tile usage policy (2 connections, caching,
 * no bulk download from its servers).
 */
import { AppError } from '../../contract/errors.js';
import type { TileCache } from './tile-cache.js';
import { isValidTile } from './tile-math.js';

export interface TileSourceDef {
  id: string;
  name: string;
  url_template: string;
  attribution: string;
  max_zoom: number;
  /** The user confirms this server permits downloading areas for offline use. */
  allow_bulk_download: boolean;
}

export const OSM_STANDARD: TileSourceDef = {
  id: 'osm',
  name: 'OpenStreetMap',
  url_template: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '© OpenStreetMap contributors',
  max_zoom: 19,
  allow_bulk_download: false,
};

/** OpenStreetMap's own tile servers, which forbid bulk downloading. */
export function isOsmTileServer(template: string): boolean {
  try {
    const host = new URL(template.replace(/\{[a-z]\}/g, 'a')).hostname;
    return host === 'openstreetmap.org' || host.endsWith('.openstreetmap.org') || host.endsWith('.openstreetmap.fr');
  } catch {
    return false;
  }
}

/** Whether the network answers: tiles that failed since start, and the last failure while failing. */
export interface OnlineStatus {
  failed_tiles: number;
  last_error: string | null;
}

export interface OnlineTileSource {
  readonly def: TileSourceDef;
  /** The tile, from cache or network; undefined when neither has it. */
  getTile(z: number, x: number, y: number, options?: { refresh?: boolean }): Promise<Buffer | undefined>;
  status(): OnlineStatus;
}

export interface OnlineTileOptions {
  def: TileSourceDef;
  cache: TileCache;
  userAgent: string;
  /** Cached tiles younger than this are served without asking (OSM asks for at least 7 days). */
  maxAgeMs?: number;
  timeoutMs?: number;
  maxConnections?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Told when the source starts failing, and when it recovers. */
  onStatus?: (status: OnlineStatus) => void;
}

/** Creates the source; tiles beyond `max_zoom` or outside the world are refused. */
export function createOnlineTileSource(options: OnlineTileOptions): OnlineTileSource {
  const { def, cache } = options;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const maxAge = options.maxAgeMs ?? 7 * 24 * 3600 * 1000;
  const limit = createLimiter(options.maxConnections ?? 2);
  const inFlight = new Map<string, Promise<Buffer | undefined>>();
  const status: OnlineStatus = { failed_tiles: 0, last_error: null };

  function failed(z: number, x: number, y: number, why: string): void {
    status.failed_tiles++;
    const changed = status.last_error === null;
    status.last_error = `Tile ${z}/${x}/${y} from '${def.name}' could not be fetched: ${why}.`;
    if (changed) options.onStatus?.({ ...status });
  }
  function succeeded(): void {
    if (status.last_error === null) return;
    status.last_error = null;
    options.onStatus?.({ ...status });
  }

  async function fetchTile(
    z: number,
    x: number,
    y: number,
    etag: string | null,
  ): Promise<Buffer | 'not-modified' | undefined> {
    const url = def.url_template
      .replace('{z}', String(z))
      .replace('{x}', String(x))
      .replace('{y}', String(y))
      .replace('{s}', 'abc'[(x + y) % 3]!);
    const headers: Record<string, string> = { 'User-Agent': options.userAgent };
    if (etag) headers['If-None-Match'] = etag;
    const res = await doFetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    if (res.status === 304) return 'not-modified';
    if (!res.ok) {
      failed(z, x, y, `the server answered HTTP ${res.status}`);
      return undefined;
    }
    const data = Buffer.from(await res.arrayBuffer());
    cache.put(z, x, y, data, res.headers.get('etag'), now());
    return data;
  }

  return {
    def,
    status: () => ({ ...status }),
    getTile(z, x, y, { refresh = false } = {}) {
      if (!isValidTile(z, x, y) || z > def.max_zoom) {
        return Promise.reject(
          new AppError('INVALID_INPUT', `Tile ${z}/${x}/${y} is outside layer '${def.id}' (zoom 0-${def.max_zoom}).`),
        );
      }
      const cached = cache.get(z, x, y);
      if (cached && !refresh && now() - cached.fetchedAt < maxAge) return Promise.resolve(cached.data);
      const key = `${z}/${x}/${y}`;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const job = limit(async () => {
        try {
          const got = await fetchTile(z, x, y, cached?.etag ?? null);
          if (got !== undefined) succeeded();
          if (got === 'not-modified') {
            cache.touch(z, x, y, now());
            return cached?.data;
          }
          return got ?? cached?.data;
        } catch (err) {
          failed(z, x, y, networkReason(err));
          return cached?.data; // offline: the stale copy is better than nothing
        }
      }).finally(() => inFlight.delete(key));
      inFlight.set(key, job);
      return job;
    },
  };
}

/** fetch's TypeError says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, timeout) is its cause. */
function networkReason(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'no answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

/** Runs at most `n` tasks at once. */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
