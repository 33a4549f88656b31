/**
 * "Download this area for offline use": estimates the tile count and size first, then fetches
 * every missing tile of a bbox and zoom range into the cache with progress, cancel and resume
 * (tiles already cached are skipped). Refused for OpenStreetMap's own servers and for any source
 * the user has not marked as permitting bulk downloads.
 */
import type { Bbox } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import { isOsmTileServer, type OnlineTileSource } from './online-tiles.js';
import type { TileCache } from './tile-cache.js';
import { countTiles, tilesIn } from './tile-math.js';

/** Upper bound on one area download, so a slip of the zoom slider cannot queue millions of tiles. */
export const MAX_AREA_TILES = 250_000;
const DEFAULT_TILE_BYTES = 20_000;

export interface AreaRequest {
  bbox: Bbox;
  min_zoom: number;
  max_zoom: number;
}

export interface AreaEstimate {
  tiles: number;
  already_cached: number;
  estimated_bytes: number;
}

export interface AreaProgress {
  done: number;
  total: number;
  fetched: number;
  skipped: number;
  failed: number;
}

/** Refuses areas that the source does not permit or that are too large; returns the tile count. */
export function checkArea(source: OnlineTileSource, area: AreaRequest): number {
  const { def } = source;
  if (isOsmTileServer(def.url_template)) {
    throw new AppError(
      'FORBIDDEN',
      `Tile source '${def.name}' is an OpenStreetMap server, whose usage policy forbids downloading areas; use a source that permits it.`,
    );
  }
  if (!def.allow_bulk_download) {
    throw new AppError(
      'FORBIDDEN',
      `Tile source '${def.name}' is not marked as permitting area downloads; mark it so only if its terms allow it.`,
    );
  }
  if (area.min_zoom < 0 || area.max_zoom > def.max_zoom || area.min_zoom > area.max_zoom) {
    throw new AppError(
      'INVALID_INPUT',
      `Zoom range ${area.min_zoom}-${area.max_zoom} must lie within 0-${def.max_zoom} with min <= max.`,
    );
  }
  const tiles = countTiles(area.bbox, area.min_zoom, area.max_zoom);
  if (tiles > MAX_AREA_TILES) {
    throw new AppError(
      'INVALID_INPUT',
      `The area needs ${tiles} tiles, more than the limit of ${MAX_AREA_TILES}; choose a smaller area or fewer zoom levels.`,
    );
  }
  return tiles;
}

/** Counts what a download would fetch, before the user commits to it. */
export function estimateArea(source: OnlineTileSource, cache: TileCache, area: AreaRequest): AreaEstimate {
  const tiles = checkArea(source, area);
  let cached = 0;
  for (const t of tilesIn(area.bbox, area.min_zoom, area.max_zoom)) if (cache.has(t.z, t.x, t.y)) cached++;
  const avg = cache.stats().averageBytes || DEFAULT_TILE_BYTES;
  return { tiles, already_cached: cached, estimated_bytes: (tiles - cached) * avg };
}

/** Fetches every missing tile; resolves with the final progress (also when cancelled). */
export async function downloadArea(
  source: OnlineTileSource,
  cache: TileCache,
  area: AreaRequest,
  options: { signal?: AbortSignal; onProgress?: (p: AreaProgress) => void; concurrency?: number } = {},
): Promise<AreaProgress & { cancelled: boolean }> {
  const total = checkArea(source, area);
  const progress: AreaProgress = { done: 0, total, fetched: 0, skipped: 0, failed: 0 };
  const queue = tilesIn(area.bbox, area.min_zoom, area.max_zoom);
  let lastReport = 0;
  const worker = async () => {
    for (let next = queue.next(); !next.done; next = queue.next()) {
      if (options.signal?.aborted) return;
      const { z, x, y } = next.value;
      if (cache.has(z, x, y)) progress.skipped++;
      else if (await source.getTile(z, x, y, { refresh: true }).catch(() => undefined)) progress.fetched++;
      else progress.failed++;
      progress.done++;
      if (progress.done - lastReport >= 25 || progress.done === total) {
        lastReport = progress.done;
        options.onProgress?.({ ...progress });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
  return { ...progress, cancelled: options.signal?.aborted ?? false };
}
