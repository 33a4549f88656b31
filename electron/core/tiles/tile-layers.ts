/**
 * The basemap layers the app offers: the bundled world layer (drawn by the renderer from an npm
 * package, no tiles), one configurable online raster source served through the on-disk cache, and
 * every raster MBTiles file the user opened. The choice of online source and the list of opened
 * files survive restarts in `<dataDir>/tiles/layers.json`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import type { Bbox } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import type { TileLayer } from '../../contract/methods/tiles.js';
import { downloadArea, estimateArea, type AreaEstimate, type AreaProgress, type AreaRequest } from './area-download.js';
import { CONTENT_TYPES, openMbtiles, type MbtilesFile } from './mbtiles-file.js';
import { ensurePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../../../db/private-files.js';
import { createOnlineTileSource, OSM_STANDARD, type OnlineTileSource, type TileSourceDef } from './online-tiles.js';
import { openTileCache, type TileCache } from './tile-cache.js';

export const WORLD_LAYER: TileLayer = {
  id: 'world',
  kind: 'world',
  name: 'World (offline)',
  attribution: 'Natural Earth',
  min_zoom: 0,
  max_zoom: 22,
  bounds: null,
  format: null,
  allow_bulk_download: false,
};

export interface TileLayersOptions {
  dataDir: string;
  userAgent: string;
  log: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };
  /** Broadcast of download progress (tiles.downloadProgressed). */
  emit?: (event: 'tiles.downloadProgressed', payload: DownloadProgressEvent) => void;
  fetch?: typeof fetch;
}

export type DownloadProgressEvent = AreaProgress & {
  job_id: string;
  layer_id: string;
  finished: boolean;
  cancelled: boolean;
};

export interface TileLayers {
  list(): TileLayer[];
  setOnlineSource(def: Omit<TileSourceDef, 'id'>): TileLayer;
  openMbtiles(path: string): TileLayer;
  closeMbtiles(id: string): void;
  getTile(layerId: string, z: number, x: number, y: number): Promise<{ data: Buffer; contentType: string } | undefined>;
  estimateArea(request: AreaRequest & { layer_id: string }): AreaEstimate;
  startDownload(request: AreaRequest & { layer_id: string }): { job_id: string; total: number };
  cancelDownload(jobId: string): void;
  close(): void;
}

interface Persisted {
  online: TileSourceDef;
  mbtiles: string[];
}

/** Creates the registry and reopens what was open last time (files that vanished are dropped with a warning). */
export function createTileLayers(options: TileLayersOptions): TileLayers {
  const dir = join(options.dataDir, 'tiles');
  ensurePrivateDir(dir);
  const file = join(dir, 'layers.json');
  makePrivateFile(file);
  const saved = readPersisted(file, options.log);
  let online = saved.online;
  let cache: TileCache = openCache(online);
  let source = makeSource();
  const files = new Map<string, MbtilesFile>();
  const jobs = new Map<string, AbortController>();

  function openCache(def: TileSourceDef): TileCache {
    const key = createHash('sha256').update(def.url_template).digest('hex').slice(0, 12);
    return openTileCache(join(dir, `cache-${key}.mbtiles`), def.name);
  }
  function makeSource(): OnlineTileSource {
    return createOnlineTileSource({ def: online, cache, userAgent: options.userAgent, fetch: options.fetch });
  }
  function persist(): void {
    const data: Persisted = { online, mbtiles: [...files.values()].map((f) => f.path) };
    // Created 0600; an existing file keeps its mode, already tightened above.
    writeFileSync(file, JSON.stringify(data, null, 2), { mode: PRIVATE_FILE_MODE });
  }
  function onlineLayer(): TileLayer {
    return {
      id: online.id,
      kind: 'online',
      name: online.name,
      attribution: online.attribution,
      min_zoom: 0,
      max_zoom: online.max_zoom,
      bounds: null,
      format: 'png',
      allow_bulk_download: online.allow_bulk_download,
    };
  }
  function fileLayer(id: string, f: MbtilesFile): TileLayer {
    return {
      id,
      kind: 'mbtiles',
      name: f.info.name,
      attribution: f.info.attribution ?? '',
      min_zoom: f.info.minzoom,
      max_zoom: f.info.maxzoom,
      bounds: f.info.bounds as Bbox | null,
      format: f.info.format,
      allow_bulk_download: false,
    };
  }
  function open(path: string): TileLayer {
    if (!isAbsolute(path))
      throw new AppError('INVALID_INPUT', `Parameter 'path' must be an absolute file path, got '${path}'.`);
    if (extname(path).toLowerCase() !== '.mbtiles')
      throw new AppError('INVALID_INPUT', `File '${path}' does not end in .mbtiles.`);
    if (!existsSync(path) || !statSync(path).isFile())
      throw new AppError('NOT_FOUND', `File '${path}' does not exist.`);
    const id = `mbtiles-${createHash('sha256').update(path).digest('hex').slice(0, 10)}`;
    const existing = files.get(id);
    if (existing) return fileLayer(id, existing);
    const f = openMbtiles(path);
    files.set(id, f);
    return fileLayer(id, f);
  }
  function requireOnline(layerId: string): OnlineTileSource {
    if (layerId !== online.id)
      throw new AppError(
        'INVALID_INPUT',
        `Layer '${layerId}' cannot be downloaded; only the online source '${online.id}' can.`,
      );
    return source;
  }

  for (const path of saved.mbtiles) {
    try {
      open(path);
    } catch (err) {
      options.log.warn('An MBTiles file opened earlier cannot be reopened', { path, error: (err as Error).message });
    }
  }

  return {
    list: () => [WORLD_LAYER, onlineLayer(), ...[...files].map(([id, f]) => fileLayer(id, f))],
    setOnlineSource(def) {
      cache.close();
      online = { ...def, id: 'online' };
      cache = openCache(online);
      source = makeSource();
      persist();
      return onlineLayer();
    },
    openMbtiles(path) {
      const layer = open(path);
      persist();
      return layer;
    },
    closeMbtiles(id) {
      const f = files.get(id);
      if (!f) throw new AppError('NOT_FOUND', `MBTiles layer '${id}' is not open.`);
      f.close();
      files.delete(id);
      persist();
    },
    async getTile(layerId, z, x, y) {
      if (layerId === online.id) {
        const data = await source.getTile(z, x, y);
        return data ? { data, contentType: 'image/png' } : undefined;
      }
      const f = files.get(layerId);
      if (!f) throw new AppError('NOT_FOUND', `Tile layer '${layerId}' does not exist.`);
      const data = f.getTile(z, x, y);
      return data ? { data, contentType: CONTENT_TYPES[f.info.format] } : undefined;
    },
    estimateArea: (request) => estimateArea(requireOnline(request.layer_id), cache, request),
    startDownload(request) {
      const src = requireOnline(request.layer_id);
      const total = estimateArea(src, cache, request).tiles;
      const jobId = randomUUID();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      const report = (p: AreaProgress, finished: boolean, cancelled = false) =>
        options.emit?.('tiles.downloadProgressed', {
          ...p,
          job_id: jobId,
          layer_id: request.layer_id,
          finished,
          cancelled,
        });
      void downloadArea(src, cache, request, { signal: controller.signal, onProgress: (p) => report(p, false) })
        .then((r) => report(r, true, r.cancelled))
        .catch((err: Error) => options.log.warn('Area download failed', { error: err.message }))
        .finally(() => jobs.delete(jobId));
      return { job_id: jobId, total };
    },
    cancelDownload(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw new AppError('NOT_FOUND', `Download '${jobId}' is not running.`);
      job.abort();
    },
    close() {
      for (const job of jobs.values()) job.abort();
      cache.close();
      for (const f of files.values()) f.close();
      files.clear();
    },
  };
}

function readPersisted(file: string, log: TileLayersOptions['log']): Persisted {
  const fallback: Persisted = { online: { ...OSM_STANDARD, id: 'online' }, mbtiles: [] };
  if (!existsSync(file)) return fallback;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Persisted>;
    return {
      online: data.online ? { ...data.online, id: 'online' } : fallback.online,
      mbtiles: Array.isArray(data.mbtiles) ? data.mbtiles : [],
    };
  } catch (err) {
    // App-managed state, not user settings: start from the defaults, but say what was dropped.
    log.warn('The saved tile layers cannot be read; starting with the default layers', {
      file,
      error: (err as Error).message,
    });
    return fallback;
  }
}
