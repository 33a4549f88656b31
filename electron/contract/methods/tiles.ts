/** Contract slice: basemap layers (bundled world, online tiles with a cache, MBTiles files). */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { bboxSchema } from '../domain.js';

export const tileLayerSchema = z.object({
  id: z.string(),
  kind: z.enum(['world', 'online', 'mbtiles']),
  name: z.string(),
  attribution: z.string(),
  min_zoom: z.number().int(),
  max_zoom: z.number().int(),
  bounds: bboxSchema.nullable(),
  /** Raster format of served tiles; null for the bundled vector world layer. */
  format: z.enum(['png', 'jpg', 'webp']).nullable(),
  allow_bulk_download: z.boolean(),
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
    summary: 'Every basemap layer: the bundled world, the online source, and each opened MBTiles file.',
    params: z.object({}).default({}),
    result: z.object({ layers: z.array(tileLayerSchema) }),
  },
  'tiles.setOnlineSource': {
    summary: 'Configure the online raster tile source (URL template, attribution, max zoom, bulk-download permission).',
    params: onlineSourceSchema,
    result: tileLayerSchema,
  },
  'tiles.openMbtiles': {
    summary: 'Open a raster MBTiles file from disk as a layer (vector tiles are refused).',
    params: z.object({ path: z.string().min(1).max(4096) }),
    result: tileLayerSchema,
  },
  'tiles.openMbtilesDialog': {
    summary: 'Desktop only: let the user pick an MBTiles file and open it.',
    params: z.object({}).default({}),
    result: z.object({ cancelled: z.boolean(), layer: tileLayerSchema.optional() }),
  },
  'tiles.closeMbtiles': {
    summary: 'Remove an MBTiles layer (the file is left alone).',
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
