/**
 * The hub's file routes: `GET /api/export.{geojson,geojsonl,gpx,kml,csv}` streams what the filter
 * query parameters select (so GDAL, QGIS or a browser can open the live URL; `from`/`to` turn moving
 * objects into their tracks in that window), `POST /api/import`
 * imports a request body, and `/api/import/:job_id` shows or cancels a running import.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectFilter } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import { IMPORT_FORMAT_NAMES, importJobIdSchema, importSourceIdSchema } from '../../contract/methods/files.js';
import { formatFilterText, resolveFilter } from '../../filter/index.js';
import { listParamsFromQuery, timeWindowFromQuery } from '../hub/query-filter.js';
import { CONTENT_TYPES, EXPORT_FORMATS, EXTENSIONS, type ExportFormat } from './export/format-writers.js';
import type { FilesService } from './files-service.js';
import type { ImportFormat } from './import/import-types.js';
import { createTileRoute, TILE_ROUTE } from '../tiles/tile-route.js';
import type { TileLayers } from '../tiles/tile-layers.js';

type Route = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { params: Record<string, string>; url: URL },
) => Promise<void>;

/**
 * The query string that reproduces an export request on the export route: the whole filter as its
 * text syntax (`filter=`), which every list and export route already understands.
 */
export function exportQuery(p: { filter?: ObjectFilter; from?: string; to?: string }): URLSearchParams {
  const q = new URLSearchParams();
  const text = formatFilterText(p.filter ?? {});
  if (text !== '') q.set('filter', text);
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  return q;
}

/** One route per export format. */
export function exportRoutes(files: FilesService): Array<{ path: string; handler: Route }> {
  return EXPORT_FORMATS.map((format: ExportFormat) => ({
    path: `/api/export.${EXTENSIONS[format]}`,
    handler: async (req, res, ctx) => {
      const q = ctx.url.searchParams;
      const { filter } = listParamsFromQuery(q);
      // Checked before the 200 goes out, so a bad filter or window is a 400 rather than a cut stream.
      resolveFilter(filter);
      const window = timeWindowFromQuery(q);
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[format],
        'Content-Disposition': `attachment; filename="objects.${EXTENSIONS[format]}"`,
        'Cache-Control': 'no-store',
      });
      try {
        await files.exportTo(res, { format, filter, ...window });
        res.end();
      } catch (err) {
        // Headers are gone: cut the stream so the reader sees a truncated file, not a valid one.
        res.destroy(err as Error);
      }
    },
  }));
}

/**
 * `POST /api/import?name=<file name>[&format=…][&job_id=…][&source_id=…][&basemap=1][&lon_column=…&lat_column=…&id_column=…]`:
 * the body is spooled under `import.maxBodyBytes` (413 beyond), then imported, into a new source or
 * the `file` source `source_id` (a re-import); `basemap=1` also builds an offline basemap from an
 * OSM extract (the spooled body is kept until that build ends); a client that goes away cancels the import.
 */
export function importRoute(files: FilesService): Route {
  return async (req, res, ctx) => {
    const q = ctx.url.searchParams;
    const name = q.get('name');
    if (!name) throw new AppError('INVALID_INPUT', "Query parameter 'name' (the file's name) is required.");
    const format = q.get('format');
    if (format !== null && !(IMPORT_FORMAT_NAMES as readonly string[]).includes(format)) {
      throw new AppError(
        'INVALID_INPUT',
        `Query parameter 'format' must be one of ${IMPORT_FORMAT_NAMES.join(', ')}, got '${format}'.`,
      );
    }
    const jobId = q.get('job_id') ?? undefined;
    if (jobId !== undefined && !importJobIdSchema.safeParse(jobId).success)
      throw new AppError('INVALID_INPUT', "Query parameter 'job_id' must be 1 to 64 letters, digits, '-' or '_'.");
    const sourceId = q.get('source_id') ?? undefined;
    if (sourceId !== undefined && !importSourceIdSchema.safeParse(sourceId).success)
      throw new AppError(
        'INVALID_INPUT',
        `Query parameter 'source_id' must be a source id of 1 to 64 characters, got '${sourceId.slice(0, 80)}'.`,
      );
    const basemap = booleanParam(q, 'basemap');
    const length = req.headers['content-length'];
    const csv = {
      lon_column: q.get('lon_column') ?? undefined,
      lat_column: q.get('lat_column') ?? undefined,
      id_column: q.get('id_column') ?? undefined,
    };
    const gone = new AbortController();
    res.on('close', () => !res.writableEnded && gone.abort());
    const report = await files.importUpload(req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>, {
      name,
      format: (format as ImportFormat | null) ?? undefined,
      csv,
      signal: gone.signal,
      ...(jobId ? { jobId } : {}),
      ...(sourceId ? { sourceId } : {}),
      ...(basemap ? { basemap } : {}),
      ...(length !== undefined ? { declaredBytes: Number(length) } : {}),
    });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(report));
  };
}

/** A yes/no query parameter: `1`/`true` or `0`/`false` (absent: false). */
function booleanParam(q: URLSearchParams, key: string): boolean {
  const value = q.get(key);
  if (value === null || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new AppError(
    'INVALID_INPUT',
    `Query parameter '${key}' must be 1, 0, true or false, got '${value.slice(0, 40)}'.`,
  );
}

/** `GET /api/import/:job_id` (a running import's progress) and `DELETE` (cancels it); 404 when none runs. */
export function importJobRoutes(files: FilesService): { status: Route; cancel: Route } {
  const notRunning = (id: string) => new AppError('NOT_FOUND', `No import with job id '${id}' is running.`);
  return {
    status: async (_req, res, ctx) => {
      const id = ctx.params['job_id'] ?? '';
      const job = files.imports().find((j) => j.job_id === id);
      if (!job) throw notRunning(id);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(job));
    },
    cancel: async (_req, res, ctx) => {
      const id = ctx.params['job_id'] ?? '';
      if (!files.cancelImport(id)) throw notRunning(id);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ job_id: id, cancelled: true }));
    },
  };
}

/** Registers the export, import and tile routes on the hub (headless twin and desktop app alike). */
export function addFileRoutes(
  hub: { addRoute(method: string, pattern: string, handler: Route, options?: { auth?: 'app' | 'none' }): void },
  parts: { files: FilesService; tiles: TileLayers },
): void {
  for (const { path, handler } of exportRoutes(parts.files)) hub.addRoute('GET', path, handler, { auth: 'app' });
  hub.addRoute('POST', '/api/import', importRoute(parts.files), { auth: 'app' });
  const jobs = importJobRoutes(parts.files);
  hub.addRoute('GET', '/api/import/:job_id', jobs.status, { auth: 'app' });
  hub.addRoute('DELETE', '/api/import/:job_id', jobs.cancel, { auth: 'app' });
  hub.addRoute('GET', TILE_ROUTE, createTileRoute(parts.tiles), { auth: 'app' });
}
