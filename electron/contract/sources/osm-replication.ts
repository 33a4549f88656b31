/**
 * `osm_replication` (issue 18 item 3): OpenStreetMap replication diffs (`state.txt` and
 * `NNN/NNN/NNN.osc.gz`, minutely, hourly or daily) read from a server or from a local directory and
 * applied, in sequence, to the elements inside an area. The defaults follow the OSM usage policies
 * (docs/connectors.md, "osm_replication").
 */
import { z } from 'zod';
import { backoffSchema, urlWithScheme } from '../connection-info-parts.js';
import { areaSchema, contact } from './overpass.js';

/** The planet's minutely diffs. */
export const OSM_REPLICATION_URL = 'https://planet.openstreetmap.org/replication/minute';

export const osmReplicationInfoSchema = z
  .strictObject({
    /** The replication directory on a server (the folder holding `state.txt`), `http://` or `https://`. */
    url: urlWithScheme(['http:', 'https:'], 'http:// or https://').optional(),
    /** A local replication directory (an absolute path); works with no network at all. */
    directory: z
      .string()
      .min(1)
      .max(4096)
      .refine((d) => d.startsWith('/') || /^[A-Za-z]:[\\/]/.test(d), { message: 'must be an absolute path' })
      .optional(),
    /** The area whose elements are kept: [west, south, east, north], or a geofence id (its bounding box). */
    area: areaSchema,
    /** Between two looks at `state.txt`; every missing diff is applied at each look. */
    interval_ms: z.number().int().min(1000).max(86_400_000).default(60_000),
    /** The first sequence to apply when the source has applied none yet. */
    start_sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    /**
     * Start after this data time when the source has applied none yet: the imported extract's
     * timestamp (its header's `osmosis_replication_timestamp`), ISO 8601.
     */
    start_timestamp: z
      .string()
      .max(40)
      .refine((t) => /^\d{4}-\d{2}-\d{2}T/.test(t) && Number.isFinite(Date.parse(t)), {
        message: "must be an ISO 8601 time such as '2026-03-10T21:21:21Z'",
      })
      .optional(),
    /** Per request (server) or file read. */
    timeout_s: z.number().positive().max(600).default(60),
    contact: contact.optional(),
    backoff: backoffSchema.default({ initial_ms: 30_000, max_ms: 1_800_000, factor: 2, jitter: 0.2 }),
  })
  .refine((i) => (i.url === undefined) !== (i.directory === undefined), {
    message: "needs exactly one of 'url' (a replication server) or 'directory' (a local folder)",
    path: ['url'],
  })
  .refine((i) => i.start_sequence === undefined || i.start_timestamp === undefined, {
    message: "cannot be set together with 'start_sequence' (choose where to start once)",
    path: ['start_timestamp'],
  });
export type OsmReplicationConnectionInfo = z.infer<typeof osmReplicationInfoSchema>;
