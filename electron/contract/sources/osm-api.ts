/**
 * `osm_api` (issue 18): watched elements of the OpenStreetMap editing API 0.6, checked for new
 * versions every `interval_ms`, each new version's history stored. The defaults follow the API's
 * usage policy (docs/connectors.md, "osm_api").
 */
import { z } from 'zod';
import { backoffSchema, urlWithScheme } from '../connection-info-parts.js';
import { contact } from './overpass.js';

/** The OpenStreetMap editing API's base URL. */
export const OSM_API_URL = 'https://api.openstreetmap.org';
/** Most elements one `osm_api` source watches. */
export const OSM_API_MAX_WATCH = 500;

/** `node/123`, `way/4`, `relation/5`. */
export const OSM_ELEMENT_REF = /^(node|way|relation)\/([1-9]\d{0,15})$/;

export const osmApiInfoSchema = z.strictObject({
  /** The API's base URL, without `/api/0.6`. */
  url: urlWithScheme(['http:', 'https:'], 'http:// or https://').default(OSM_API_URL),
  /** The watched elements, `type/id`. */
  watch: z
    .array(
      z.string().refine((w) => OSM_ELEMENT_REF.test(w), { message: "must be 'node/ID', 'way/ID' or 'relation/ID'" }),
    )
    .max(OSM_API_MAX_WATCH)
    .refine((w) => new Set(w).size === w.length, { message: 'must not name an element twice' })
    .default([]),
  /** Between two checks of the current versions; the API's policy asks for no heavy use. */
  interval_ms: z.number().int().min(1000).max(86_400_000).default(600_000),
  timeout_s: z.number().positive().max(600).default(60),
  /** The API's answer format: JSON (`.json`) or XML. */
  format: z.enum(['json', 'xml']).default('json'),
  contact: contact.optional(),
  backoff: backoffSchema.default({ initial_ms: 30_000, max_ms: 1_800_000, factor: 2, jitter: 0.2 }),
});
export type OsmApiConnectionInfo = z.infer<typeof osmApiInfoSchema>;
