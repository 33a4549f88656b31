/**
 * `overpass` (issue 18): an Overpass QL query polled and diffed against its previous answer. The
 * defaults follow the public instances' usage policy (docs/connectors.md, "overpass").
 */
import { z } from 'zod';
import { backoffSchema, urlWithScheme } from '../connection-info-parts.js';

/** The public Overpass instance's interpreter. */
export const OVERPASS_URL = 'https://overpass-api.de/api/interpreter';

/** Longest Overpass query (sent as the `data` parameter of a GET). */
export const OVERPASS_MAX_QUERY_LENGTH = 6000;

export const bboxTuple = z
  .tuple([
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
  ])
  .refine(([w, s, e, n]) => w < e && s < n, {
    message: 'must be [west, south, east, north] with west < east and south < north',
  });

/** A geofence id (as the rules store makes them), standing for the geofence's bounding box. */
export const geofenceIdSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((id) => /^[0-9A-Za-z-]+$/.test(id), { message: 'must be a geofence id or [west, south, east, north]' });

/** An area: [west, south, east, north], or a geofence id (its bounding box). */
export const areaSchema = z.union([bboxTuple, geofenceIdSchema]);

/** A contact (e-mail or URL) appended to the User-Agent, as the OSM policies ask of heavy users. */
export const contact = z
  .string()
  .min(3)
  .max(200)
  .refine((c) => /^[^\r\n()]+$/.test(c), {
    message: 'must be one line without parentheses (an e-mail address or a URL)',
  });

export const overpassInfoSchema = z
  .strictObject({
    url: urlWithScheme(['http:', 'https:'], 'http:// or https://').default(OVERPASS_URL),
    /** Overpass QL answering JSON (`[out:json]`); `{{bbox}}` is replaced by `bbox` (south,west,north,east). */
    query: z
      .string()
      .min(1)
      .max(OVERPASS_MAX_QUERY_LENGTH)
      .refine((q) => /\[\s*out\s*:\s*json\s*\]/.test(q), {
        message: "must ask for JSON with '[out:json]' (the answer is read as Overpass JSON)",
      }),
    /** The area `{{bbox}}` stands for: [west, south, east, north], or a geofence id (its bounding box). */
    bbox: areaSchema.optional(),
    /** Between two queries; the public instance asks for moderate use (minutes, not seconds). */
    interval_ms: z.number().int().min(1000).max(86_400_000).default(300_000),
    /** HTTP timeout of one query, seconds (Overpass's own default query timeout is 180 s). */
    timeout_s: z.number().positive().max(900).default(200),
    /** Ask `/api/status` for a free slot before each query (public instances: 2 slots per address). */
    status_check: z.boolean().default(true),
    contact: contact.optional(),
    /** Waits after failed queries; a slot wait from `/api/status` or a Retry-After is obeyed up to `max_ms`. */
    backoff: backoffSchema.default({ initial_ms: 30_000, max_ms: 1_800_000, factor: 2, jitter: 0.2 }),
  })
  .refine((i) => !i.query.includes('{{bbox}}') || i.bbox !== undefined, {
    message: "is required when the query uses '{{bbox}}' ([west, south, east, north] or a geofence id)",
    path: ['bbox'],
  });
export type OverpassConnectionInfo = z.infer<typeof overpassInfoSchema>;
