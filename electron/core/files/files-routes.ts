/**
 * The hub's file routes: `GET /api/export.{geojson,geojsonl,gpx,kml,csv}` streams what the filter
 * query parameters select (so GDAL, QGIS or a browser can open the live URL), and `POST /api/import`
 * streams a request body into an import.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectFilter } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import { IMPORT_FORMAT_NAMES } from '../../contract/methods/files.js';
import { formatFilterText } from '../../filter/index.js';
import { listParamsFromQuery } from '../hub/query-filter.js';
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
export function exportQuery(p: {
  filter?: ObjectFilter;
  tracks?: { after?: string; before?: string };
}): URLSearchParams {
  const q = new URLSearchParams();
  const text = formatFilterText(p.filter ?? {});
  if (text !== '') q.set('filter', text);
  if (p.tracks) {
    q.set('tracks', '1');
    if (p.tracks.after) q.set('after', p.tracks.after);
    if (p.tracks.before) q.set('before', p.tracks.before);
  }
  return q;
}

/** One route per export format. */
export function exportRoutes(files: FilesService): Array<{ path: string; handler: Route }> {
  return EXPORT_FORMATS.map((format: ExportFormat) => ({
    path: `/api/export.${EXTENSIONS[format]}`,
    handler: async (req, res, ctx) => {
      const q = ctx.url.searchParams;
      const { filter } = listParamsFromQuery(q);
      const tracks =
        q.get('tracks') === '1'
          ? { after: q.get('after') ?? undefined, before: q.get('before') ?? undefined }
          : undefined;
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[format],
        'Content-Disposition': `attachment; filename="objects.${EXTENSIONS[format]}"`,
        'Cache-Control': 'no-store',
      });
      try {
        await files.exportTo(res, { format, filter, tracks });
        res.end();
      } catch (err) {
        // Headers are gone: cut the stream so the reader sees a truncated file, not a valid one.
        res.destroy(err as Error);
      }
    },
  }));
}

/** `POST /api/import?name=<file name>[&format=…][&lon_column=…&lat_column=…&id_column=…]`. */
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
    const size = Number(req.headers['content-length'] ?? 0);
    const csv = {
      lon_column: q.get('lon_column') ?? undefined,
      lat_column: q.get('lat_column') ?? undefined,
      id_column: q.get('id_column') ?? undefined,
    };
    const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await chunks.next();
    const head = first.done ? Buffer.alloc(0) : first.value;
    const input = {
      name,
      size,
      stream: async function* () {
        if (!first.done) yield first.value;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      },
    };
    const report = await files.importInput(input, { format: (format as ImportFormat | null) ?? undefined, csv, head });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(report));
  };
}

/** Registers the export, import and tile routes on the hub (headless twin and desktop app alike). */
export function addFileRoutes(
  hub: { addRoute(method: string, pattern: string, handler: Route, options?: { auth?: 'app' | 'none' }): void },
  parts: { files: FilesService; tiles: TileLayers },
): void {
  for (const { path, handler } of exportRoutes(parts.files)) hub.addRoute('GET', path, handler, { auth: 'app' });
  hub.addRoute('POST', '/api/import', importRoute(parts.files), { auth: 'app' });
  hub.addRoute('GET', TILE_ROUTE, createTileRoute(parts.tiles), { auth: 'app' });
}
