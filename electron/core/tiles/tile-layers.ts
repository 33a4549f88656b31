/**
 * The basemap layers the app offers: the bundled world layer (drawn by the renderer from an npm
 * package, no tiles), one configurable online raster source served through the on-disk cache,
 * vector basemaps built from OSM extracts (`<dataDir>/basemaps/*.mbtiles`), and every basemap file
 * the user opened (MBTiles or PMTiles, raster or vector). The choice of online source and the list
 * of opened files survive restarts in `<dataDir>/tiles/layers.json`; built basemaps are found on disk.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, isAbsolute, join } from 'node:path';
import type { Bbox } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import type { EventPayload } from '../../contract/events.js';
import type { TileLayer } from '../../contract/methods/tiles.js';
import { downloadArea, estimateArea, type AreaEstimate, type AreaProgress, type AreaRequest } from './area-download.js';
import { openBasemapFile, type BasemapFile } from './basemap/basemap-file.js';
import { createBasemapBuilds } from './basemap/basemap-builds.js';
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
  vector_schema: null,
  allow_bulk_download: false,
  offline: true,
  size_bytes: null,
  origin: null,
  source: 'bundled',
  failed_tiles: 0,
  last_error: null,
};

/** A basemap build's worker may use this much heap (Monaco needs well under 100 MB). */
const BASEMAP_HEAP_MB = 1024;

export interface TileLayersOptions {
  dataDir: string;
  userAgent: string;
  log: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };
  /** Broadcast of download and build progress, and of the online source failing or recovering. */
  emit?: (event: TileEventName, payload: EventPayload<TileEventName>) => void;
  fetch?: typeof fetch;
  /** Overpass JSON extracts are read whole; larger ones are refused (`import.maxDocumentBytes`). */
  maxDocumentBytes?: number;
  basemapHeapMb?: number;
}

export type DownloadProgressEvent = AreaProgress & {
  job_id: string;
  layer_id: string;
  finished: boolean;
  cancelled: boolean;
};

export type TileEventName = 'tiles.downloadProgressed' | 'tiles.basemapProgressed' | 'tiles.layerStatusChanged';

export interface TileLayers {
  list(): TileLayer[];
  setOnlineSource(def: Omit<TileSourceDef, 'id'>): TileLayer;
  /** Opens an MBTiles or PMTiles file (raster or vector) by absolute path. */
  openFile(path: string): Promise<TileLayer>;
  closeFile(id: string): void;
  /**
   * Starts building `<dataDir>/basemaps/<name>.mbtiles` from a local extract. `internal.removeExtract`
   * (not in the contract): the extract is the app's private copy, removed when the build ends.
   */
  buildBasemap(
    request: { path: string; name?: string; bbox?: Bbox },
    internal?: { removeExtract?: boolean },
  ): { job_id: string; layer_id: string };
  cancelBasemap(jobId: string): void;
  /** Deletes a built basemap, or closes an opened file. */
  removeBasemap(id: string): void;
  getTile(layerId: string, z: number, x: number, y: number): Promise<{ data: Buffer; contentType: string } | undefined>;
  estimateArea(request: AreaRequest & { layer_id: string }): AreaEstimate;
  startDownload(request: AreaRequest & { layer_id: string }): { job_id: string; total: number };
  cancelDownload(jobId: string): void;
  close(): void;
}

interface Persisted {
  online: TileSourceDef;
  /** Opened files (MBTiles and PMTiles); the key keeps its first name so older saves still load. */
  mbtiles: string[];
}

/** Creates the registry and reopens what was open last time (files that vanished are dropped with a warning). */
export function createTileLayers(options: TileLayersOptions): TileLayers {
  const dir = join(options.dataDir, 'tiles');
  const basemapDir = join(options.dataDir, 'basemaps');
  ensurePrivateDir(dir);
  ensurePrivateDir(basemapDir);
  const file = join(dir, 'layers.json');
  makePrivateFile(file);
  const saved = readPersisted(file, options.log);
  let online = saved.online;
  let cache: TileCache = openCache(online);
  let source = makeSource();
  /** Opened and built files by layer id; `built` ones live in basemapDir. */
  const files = new Map<string, { file: BasemapFile; built: boolean }>();
  const opening = new Map<string, Promise<TileLayer>>();
  const jobs = new Map<string, AbortController>();
  const builds = createBasemapBuilds({
    emit: (p) => options.emit?.('tiles.basemapProgressed', p),
    log: options.log,
    heapMb: options.basemapHeapMb ?? BASEMAP_HEAP_MB,
  });

  function openCache(def: TileSourceDef): TileCache {
    const key = createHash('sha256').update(def.url_template).digest('hex').slice(0, 12);
    return openTileCache(join(dir, `cache-${key}.mbtiles`), def.name);
  }
  function makeSource(): OnlineTileSource {
    return createOnlineTileSource({
      def: online,
      cache,
      userAgent: options.userAgent,
      fetch: options.fetch,
      onStatus: (status) => options.emit?.('tiles.layerStatusChanged', { layer_id: online.id, ...status }),
    });
  }
  function persist(): void {
    const opened = [...files.values()].filter((f) => !f.built).map((f) => f.file.path);
    const data: Persisted = { online, mbtiles: opened };
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
      vector_schema: null,
      allow_bulk_download: online.allow_bulk_download,
      offline: false,
      size_bytes: cache.stats().bytes,
      origin: online.url_template,
      source: 'online',
      ...source.status(),
    };
  }
  function fileLayer(id: string, entry: { file: BasemapFile; built: boolean }): TileLayer {
    const { info } = entry.file;
    return {
      id,
      kind: info.format === 'pbf' ? 'vector' : 'mbtiles',
      name: info.name,
      attribution: info.attribution,
      min_zoom: info.minzoom,
      max_zoom: info.maxzoom,
      bounds: info.bounds,
      format: info.format,
      vector_schema: info.vectorSchema,
      allow_bulk_download: false,
      offline: true,
      size_bytes: info.sizeBytes,
      origin: info.origin,
      source: entry.built ? 'built' : 'file',
      failed_tiles: 0,
      last_error: null,
    };
  }
  function open(path: string): Promise<TileLayer> {
    if (!isAbsolute(path))
      throw new AppError('INVALID_INPUT', `Parameter 'path' must be an absolute file path, got '${path}'.`);
    const ext = extname(path).toLowerCase().slice(1);
    const id = `${ext === 'pmtiles' ? 'pmtiles' : 'mbtiles'}-${createHash('sha256').update(path).digest('hex').slice(0, 10)}`;
    const existing = files.get(id);
    if (existing) return Promise.resolve(fileLayer(id, existing));
    const pending =
      opening.get(id) ??
      openBasemapFile(path)
        .then((f) => {
          const entry = { file: f, built: false };
          files.set(id, entry);
          return fileLayer(id, entry);
        })
        .finally(() => opening.delete(id));
    opening.set(id, pending);
    return pending;
  }
  async function openBuilt(name: string): Promise<void> {
    const id = `basemap-${name}`;
    const f = await openBasemapFile(join(basemapDir, `${name}.mbtiles`));
    files.get(id)?.file.close();
    files.set(id, { file: f, built: true });
  }
  function requireOnline(layerId: string): OnlineTileSource {
    if (layerId !== online.id)
      throw new AppError(
        'INVALID_INPUT',
        `Layer '${layerId}' cannot be downloaded; only the online source '${online.id}' can.`,
      );
    return source;
  }

  for (const name of readdirSync(basemapDir).filter((n) => n.endsWith('.mbtiles'))) {
    openBuilt(name.slice(0, -'.mbtiles'.length)).catch((err: Error) =>
      options.log.warn('A built basemap cannot be opened', { file: name, error: err.message }),
    );
  }
  for (const path of saved.mbtiles) {
    Promise.resolve()
      .then(() => open(path))
      .catch((err: Error) =>
        options.log.warn('A basemap file opened earlier cannot be reopened', { path, error: err.message }),
      );
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
    async openFile(path) {
      const layer = await open(path);
      persist();
      return layer;
    },
    closeFile(id) {
      const f = files.get(id);
      if (!f || f.built) throw new AppError('NOT_FOUND', `File layer '${id}' is not open.`);
      f.file.close();
      files.delete(id);
      persist();
    },
    buildBasemap(request, internal = {}) {
      if (!isAbsolute(request.path))
        throw new AppError('INVALID_INPUT', `Parameter 'path' must be an absolute file path, got '${request.path}'.`);
      if (!existsSync(request.path)) throw new AppError('NOT_FOUND', `File '${request.path}' does not exist.`);
      const name = request.name ?? basemapName(request.path);
      const layerId = `basemap-${name}`;
      const jobId = builds.start(
        {
          layerId,
          extractPath: request.path,
          outPath: join(basemapDir, `${name}.mbtiles`),
          name,
          maxDocumentBytes: options.maxDocumentBytes ?? 64 * 1024 * 1024,
          ...(request.bbox ? { bbox: request.bbox } : {}),
          ...(internal.removeExtract ? { removeExtract: true } : {}),
        },
        // The file is in place when this runs; the layer is listed before the 'done' event goes out.
        () => openBuilt(name),
      );
      return { job_id: jobId, layer_id: layerId };
    },
    cancelBasemap: (jobId) => builds.cancel(jobId),
    removeBasemap(id) {
      const f = files.get(id);
      if (!f)
        throw new AppError(
          'NOT_FOUND',
          `Basemap layer '${id}' does not exist (only built or opened files can be removed).`,
        );
      f.file.close();
      files.delete(id);
      if (f.built) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(f.file.path + suffix, { force: true });
      else persist();
    },
    async getTile(layerId, z, x, y) {
      if (layerId === online.id) {
        const data = await source.getTile(z, x, y);
        return data ? { data, contentType: 'image/png' } : undefined;
      }
      const f = files.get(layerId);
      if (!f) throw new AppError('NOT_FOUND', `Tile layer '${layerId}' does not exist.`);
      const data = await f.file.getTile(z, x, y);
      return data ? { data, contentType: f.file.contentType } : undefined;
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
      builds.close();
      cache.close();
      for (const f of files.values()) f.file.close();
      files.clear();
    },
  };
}

/** A basemap's file name from its extract's: `monaco-latest.osm.pbf` → `monaco-latest`. */
function basemapName(path: string): string {
  const stem = basename(path)
    .replace(/(\.osm)?(\.pbf|\.xml|\.json|\.gz|\.bz2)*$/i, '')
    .replace(/\.osm$/i, '');
  const name = stem
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 80);
  return name || 'basemap';
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
