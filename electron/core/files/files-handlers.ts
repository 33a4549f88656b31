/** Handlers for the `files.*` contract slice. */
import { AppError } from '../../contract/errors.js';
import type { Handlers } from '../dispatch/dispatcher.js';
import { requireDialogs, type Dialogs } from '../dialogs.js';
import { EXTENSIONS } from './export/format-writers.js';
import { bufferInput, type FilesService } from './files-service.js';
import { exportQuery } from './files-routes.js';

type FilesHandlers = Pick<Handlers, `files.${string}` & keyof Handlers>;

const IMPORT_FILTERS = [
  {
    name: 'Geodata',
    extensions: ['geojson', 'json', 'geojsonl', 'ndjson', 'gpx', 'kml', 'kmz', 'csv', 'osm', 'xml', 'pbf', 'gz', 'bz2'],
  },
  { name: 'All files', extensions: ['*'] },
];
/** A re-import updates an OSM source: the dialog offers OSM extracts only. */
const OSM_FILTERS = [{ name: 'OpenStreetMap extracts', extensions: ['pbf', 'osm', 'gz', 'bz2'] }];

/** Creates the files handlers; `hubUrl` gives the hub's base URL (with no token) when it listens. */
export function createFilesHandlers(deps: {
  files: FilesService;
  dialogs?: Dialogs;
  hubUrl?: () => string | null;
}): FilesHandlers {
  const { files } = deps;
  return {
    'files.import': async (p) => {
      const bytes = Buffer.from(p.content, p.encoding === 'base64' ? 'base64' : 'utf8');
      return files.importInput(bufferInput(p.name, bytes), {
        format: p.format,
        csv: p.csv,
        ...(p.job_id ? { jobId: p.job_id } : {}),
        ...(p.source_id ? { sourceId: p.source_id } : {}),
        ...(p.basemap ? { basemap: true } : {}),
      });
    },
    'files.cancelImport': async (p) => {
      if (!files.cancelImport(p.job_id))
        throw new AppError('NOT_FOUND', `No import with job id '${p.job_id}' is running.`);
      return { job_id: p.job_id, cancelled: true as const };
    },
    'files.imports': async () => ({ items: files.imports() }),
    'files.importDialog': async (p) => {
      const { source_id: sourceId, ...options } = p;
      const path = await requireDialogs(deps.dialogs, 'files.importDialog').openFile(
        sourceId ? 'Update source from an OSM extract' : 'Import objects',
        sourceId ? OSM_FILTERS : IMPORT_FILTERS,
      );
      if (!path) return { cancelled: true };
      return {
        cancelled: false,
        report: await files.importPath(path, { ...options, ...(sourceId ? { sourceId } : {}) }),
      };
    },
    'files.exportDialog': async (p) => {
      const ext = EXTENSIONS[p.format];
      const path = await requireDialogs(deps.dialogs, 'files.exportDialog').saveFile(
        'Export objects',
        `objects.${ext}`,
        [{ name: p.format, extensions: [ext] }],
      );
      if (!path) return { cancelled: true, objects: 0, bytes: 0 };
      const result = await files.exportPath(path, p);
      return { cancelled: false, ...result, path };
    },
    'files.exportUrl': async (p) => {
      const path = `/api/export.${EXTENSIONS[p.format]}?${exportQuery(p).toString()}`;
      const base = deps.hubUrl?.() ?? null;
      return { url: base ? new URL(path, base).toString() : null, path };
    },
  };
}
