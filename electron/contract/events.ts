/**
 * Every push from main to a client: event name → payload schema. Events are `domain.pastTense`.
 */
import { z } from 'zod';
import { sourceStatusSchema, osmObjectSchema } from './domain.js';
import { appErrorShapeSchema } from './errors.js';
import { appStatsSchema, staleThresholdsSchema } from './methods/app.js';
import { alertSchema } from './methods/rules.js';
import { savedViewSchema } from './methods/views.js';

/** Objects committed or deleted, for one live subscription (the payload of `objects.changed`). */
export const objectsChangedSchema = z.object({
  subscription_id: z.string(),
  /** true on a snapshot's first payload (a subscription's first event): drop everything held before. */
  reset: z.boolean().default(false),
  upserted: z.array(osmObjectSchema),
  deleted: z.array(z.string()),
});

/** The one `objects.changed` payload type: the live bus sends it, the hub and the renderer adapt it. */
export type ObjectsChanged = z.output<typeof objectsChangedSchema>;

export const events = {
  'objects.changed': objectsChangedSchema,
  /** A source's runtime status changed. */
  'source.statusChanged': sourceStatusSchema,
  /** Periodic counters for the status bar. */
  'app.statsChanged': appStatsSchema,
  /** The stale thresholds changed (app.setStaleThresholds, by any client). */
  'app.staleThresholdsChanged': z.object({ thresholds: staleThresholdsSchema }),
  /** Progress of a long file job (import, export). */
  'files.progressed': z.object({
    job_id: z.string(),
    kind: z.enum(['import', 'export']),
    name: z.string(),
    done: z.number(),
    total: z.number(),
    /** Imports: objects stored so far. */
    objects: z.number().int().optional(),
    finished: z.boolean(),
  }),
  /** Progress of an offline area download. */
  'tiles.downloadProgressed': z.object({
    job_id: z.string(),
    layer_id: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    fetched: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    finished: z.boolean(),
    cancelled: z.boolean(),
  }),
  /** Progress of a basemap build (tiles.buildBasemap): features read, then tiles written. */
  'tiles.basemapProgressed': z.object({
    job_id: z.string(),
    layer_id: z.string(),
    phase: z.enum(['reading', 'tiling', 'done', 'failed', 'cancelled']),
    features: z.number().int(),
    tiles: z.number().int(),
    finished: z.boolean(),
    /** The one sentence saying why the build failed. */
    error: z.string().optional(),
  }),
  /** A layer started or stopped failing (the online source cannot fetch tiles: network down, HTTP errors). */
  'tiles.layerStatusChanged': z.object({
    layer_id: z.string(),
    failed_tiles: z.number().int(),
    last_error: z.string().nullable(),
  }),
  /** A rule fired: the alert, after it was stored. */
  'alerts.raised': alertSchema,
  /** Alerts were acknowledged (by any client). */
  'alerts.acknowledged': z.object({ ids: z.array(z.string()), all: z.boolean(), unacknowledged: z.number().int() }),
  /** Geofences or rules were created, changed or deleted (by any client): refetch them. */
  'rules.changed': z.object({ what: z.enum(['geofences', 'rules']) }),
  /** A saved view was saved or deleted (by any client): refetch the list. */
  'views.changed': z.object({ id: z.string(), deleted: z.boolean() }),
  /** Show this saved view (views.open, from the desktop menu). */
  'views.opened': savedViewSchema,
  /** Something the user should see (an error in main, ingest paused, a finished import…). */
  'app.notified': z.object({
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
    error: appErrorShapeSchema.optional(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
