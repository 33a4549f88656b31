/**
 * Contract slice: basemap layers (bundled world, online tiles with a cache, raster MBTiles files,
 * vector basemaps built from an OSM extract or opened from a PMTiles / vector MBTiles file).
 */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { bboxSchema } from '../domain.js';

export const tileLayerSchema = z.object({
  id: z.string(),
  /** `vector`: Mapbox Vector Tiles (built from an extract, or a PMTiles / vector MBTiles file). */
  kind: z.enum(['world', 'online', 'mbtiles', 'vector']),
  name: z.string(),
  attribution: z.string(),
  min_zoom: z.number().int(),
  max_zoom: z.number().int(),
  bounds: bboxSchema.nullable(),
  /** Format of served tiles (`pbf`: vector tiles); null for the bundled vector world layer. */
  format: z.enum(['png', 'jpg', 'webp', 'pbf']).nullable(),
  /** The layer names a vector basemap follows, so one style draws it; null for raster layers. */
  vector_schema: z.enum(['openmaptiles', 'protomaps']).nullable(),
  allow_bulk_download: z.boolean(),
  /** True when every tile it has is on this machine (false for the online source). */
  offline: z.boolean(),
  /** Bytes on disk (file or cache), when known. */
  size_bytes: z.number().int().nullable(),
  /** Where it came from: the extract a basemap was built from, or the opened file's name. */
  origin: z.string().nullable(),
  /** `built`: made by this app from an extract (tiles.removeBasemap deletes it); `file`: opened from disk. */
  source: z.enum(['bundled', 'online', 'file', 'built']),
  /**
   * Online source only: tiles that could not be fetched since start (network down, HTTP error), and
   * the last failure while the source is failing (null once a fetch succeeds again).
   */
  failed_tiles: z.number().int(),
  last_error: z.string().nullable(),
});
export type TileLayer = z.infer<typeof tileLayerSchema>;

const onlineSourceSchema = z.object({
  name: z.string().trim().min(1).max(200),
  url_template: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')
    .refine((u) => u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'must contain {z}, {x} and {y}'),
  attribution: z.string().max(500).default(''),
  max_zoom: z.number().int().min(0).max(22).default(19),
  allow_bulk_download: z.boolean().default(false),
});

const areaSchema = z.object({
  layer_id: z.string().min(1),
  bbox: bboxSchema,
  min_zoom: z.number().int().min(0).max(22),
  max_zoom: z.number().int().min(0).max(22),
});

export const tilesMethods = defineMethods({
  'tiles.layers': {
    summary: 'Every basemap layer: the bundled world, the online source, built basemaps and each opened file.',
    params: z.object({}).default({}),
    result: z.object({ layers: z.array(tileLayerSchema) }),
  },
  'tiles.setOnlineSource': {
    summary: 'Configure the online raster tile source (URL template, attribution, max zoom, bulk-download permission).',
    params: onlineSourceSchema,
    result: tileLayerSchema,
  },
  'tiles.openMbtiles': {
    summary: 'Open an MBTiles file (raster, or vector tiles) from disk as a layer; the same as tiles.openBasemapFile.',
    params: z.object({ path: z.string().min(1).max(4096) }),
    result: tileLayerSchema,
  },
  'tiles.openMbtilesDialog': {
    summary: 'Desktop only: let the user pick an MBTiles file and open it.',
    params: z.object({}).default({}),
    result: z.object({ cancelled: z.boolean(), layer: tileLayerSchema.optional() }),
  },
  'tiles.openBasemapFile': {
    summary:
      'Open a basemap file from disk: PMTiles (vector or raster) or MBTiles (vector in the OpenMapTiles or Protomaps schema, or raster).',
    params: z.object({ path: z.string().min(1).max(4096) }),
    result: tileLayerSchema,
  },
  'tiles.buildBasemap': {
    summary:
      'Build an offline vector basemap (OpenMapTiles schema, zooms 0-14) from a local OSM extract, optionally cut to a bbox; progress arrives as tiles.basemapProgressed events.',
    params: z.object({
      path: z.string().min(1).max(4096),
      /** File name of the basemap in `<dataDir>/basemaps/` (without .mbtiles); defaults to the extract's name. */
      name: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/, 'must be letters, digits, - or _ (at most 80)')
        .optional(),
      bbox: bboxSchema.optional(),
    }),
    result: z.object({ job_id: z.string(), layer_id: z.string() }),
  },
  'tiles.cancelBasemap': {
    summary: 'Stop a basemap build; nothing is kept of it.',
    params: z.object({ job_id: z.string().min(1) }),
    result: z.object({ ok: z.literal(true) }),
  },
  'tiles.removeBasemap': {
    summary: 'Remove a vector or file layer: a basemap built by the app is deleted, an opened file is only closed.',
    params: z.object({ id: z.string().min(1) }),
    result: z.object({ ok: z.literal(true) }),
  },
  'tiles.closeMbtiles': {
    summary: 'Close an opened file layer (the file is left alone).',
    params: z.object({ id: z.string().min(1) }),
    result: z.object({ ok: z.literal(true) }),
  },
  'tiles.estimateArea': {
    summary: 'Tile count and size estimate for downloading an area of the online source.',
    params: areaSchema,
    result: z.object({ tiles: z.number().int(), already_cached: z.number().int(), estimated_bytes: z.number().int() }),
  },
  'tiles.downloadArea': {
    summary: 'Start downloading an area for offline use; progress arrives as tiles.downloadProgressed events.',
    params: areaSchema,
    result: z.object({ job_id: z.string(), total: z.number().int() }),
  },
  'tiles.cancelDownload': {
    summary: 'Cancel an area download (it resumes where it stopped when started again).',
    params: z.object({ job_id: z.string().min(1) }),
    result: z.object({ ok: z.literal(true) }),
  },
});
