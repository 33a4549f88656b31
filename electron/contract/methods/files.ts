/** Contract slice: importing files and exporting what a filter selects. */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { isoTimeSchema, objectFilterSchema } from '../domain.js';

export const IMPORT_FORMAT_NAMES = [
  'geojson',
  'geojsonseq',
  'gpx',
  'kml',
  'kmz',
  'csv',
  'osm',
  'osmpbf',
  'overpass',
] as const;
export const EXPORT_FORMAT_NAMES = ['geojson', 'geojsonseq', 'gpx', 'kml', 'csv'] as const;

export const csvOptionsSchema = z.object({
  lon_column: z.string().min(1).optional(),
  lat_column: z.string().min(1).optional(),
  id_column: z.string().min(1).optional(),
  delimiter: z.string().min(1).max(1).optional(),
});

export const importReportSchema = z.object({
  source_id: z.string(),
  format: z.enum(IMPORT_FORMAT_NAMES),
  imported: z.number().int(),
  skipped: z.number().int(),
  /** The reason for each skipped feature (the first 1,000). */
  skipped_reasons: z.array(z.object({ index: z.number().int(), reason: z.string() })),
  /** Of `imported`: objects new to the source. */
  created: z.number().int(),
  /** Of `imported`: objects stored with a newer observation (a newer OSM version), or back after a deletion mark. */
  updated: z.number().int(),
  /** Of `imported`: objects the source already held at this observation (same version) or a newer one. */
  unchanged: z.number().int(),
  /**
   * Of `imported`: the timed tracks (GPX trk, KML gx:Track, GeoJSON lines with
   * `coordinateProperties.times`), each one object; present when the file held any.
   */
  tracks: z.number().int().optional(),
  /** The positions of those tracks, each stored as one observation in its object's history. */
  positions: z.number().int().optional(),
  /** Re-import only: objects of the source the file no longer holds, newly marked `osm:deleted=yes`. */
  deleted: z.number().int(),
  /** Asked with `basemap`: the offline basemap build this import started (follow tiles.basemapProgressed). */
  basemap: z.object({ job_id: z.string(), layer_id: z.string() }).optional(),
  /** Asked with `basemap`: the one sentence saying why no basemap build was started. */
  basemap_error: z.string().optional(),
});

/**
 * Also build an offline street basemap from the file when it is an OSM extract (osm, osmpbf,
 * overpass) and its import succeeds; default false.
 */
export const importBasemapSchema = z.boolean().optional();

/** An existing `file` source to import into (a re-import of a newer extract); default: a new source. */
export const importSourceIdSchema = z.string().min(1).max(64);

/** A job id a caller may choose for its import, so it can cancel it before the first progress event. */
export const importJobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - or _ (1 to 64)');

export const importJobSchema = z.object({
  job_id: z.string(),
  name: z.string(),
  /** Bytes of the file read so far, of `total`. */
  done: z.number(),
  total: z.number(),
  /** Objects stored so far. */
  imported: z.number().int(),
});

const exportParams = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES).default('geojson'),
  filter: objectFilterSchema.default({}),
  /**
   * A time window (ISO, both ends included; either may be left out): every point object with two or
   * more positions in it is written as its track, the others as they are now.
   */
  from: isoTimeSchema.optional(),
  to: isoTimeSchema.optional(),
});

export const filesMethods = defineMethods({
  'files.import': {
    summary:
      'Import a file given by name and content (drag and drop); creates a file source named after it, or updates the file source `source_id` (objects the file no longer holds are marked osm:deleted=yes); with `basemap`, an OSM extract also starts an offline basemap build.',
    params: z.object({
      name: z.string().min(1).max(255),
      content: z.string().max(200 * 1024 * 1024),
      encoding: z.enum(['utf8', 'base64']).default('utf8'),
      format: z.enum(IMPORT_FORMAT_NAMES).optional(),
      csv: csvOptionsSchema.optional(),
      /** Default: a new id, announced by the first `files.progressed` event. */
      job_id: importJobIdSchema.optional(),
      source_id: importSourceIdSchema.optional(),
      basemap: importBasemapSchema,
    }),
    result: importReportSchema,
  },
  'files.cancelImport': {
    summary:
      'Cancel a running import by its job id; the import then fails, and everything it stored is removed (a re-import keeps what it stored and says so). NOT_FOUND when none runs.',
    params: z.object({ job_id: z.string().min(1).max(64) }),
    result: z.object({ job_id: z.string(), cancelled: z.literal(true) }),
  },
  'files.imports': {
    summary: 'The imports running now, with their progress.',
    params: z.object({}).default({}),
    result: z.object({ items: z.array(importJobSchema) }),
  },
  'files.importDialog': {
    summary:
      'Desktop only: let the user pick a file in a dialog and import it (with `basemap`, an OSM extract also starts an offline basemap build).',
    params: z
      .object({
        format: z.enum(IMPORT_FORMAT_NAMES).optional(),
        csv: csvOptionsSchema.optional(),
        source_id: importSourceIdSchema.optional(),
        basemap: importBasemapSchema,
      })
      .default({}),
    result: z.object({ cancelled: z.boolean(), report: importReportSchema.optional() }),
  },
  'files.exportDialog': {
    summary: 'Desktop only: let the user pick where to save, then export what the filter selects.',
    params: exportParams,
    result: z.object({
      cancelled: z.boolean(),
      objects: z.number().int(),
      bytes: z.number().int(),
      path: z.string().optional(),
    }),
  },
  'files.exportUrl': {
    summary: 'The hub URL that streams this export (for a browser download, GDAL or QGIS).',
    params: exportParams,
    result: z.object({ url: z.string().nullable(), path: z.string() }),
  },
});
