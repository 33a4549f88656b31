/**
 * Contract slice: saved views (issue 20 item 7). A view is what the window shows: the filter (the
 * filter bar's text and chips), the map's centre and zoom, the layers (basemap, what colours the
 * symbols), the time window (live, or a replayed moment, with the trail minutes) and the stale
 * thresholds per kind the map dims by ("stale after…" over the map). Views are stored by unique name; every change is
 * announced as `views.changed`, and `views.open` asks the windows to show one (`views.opened`).
 */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { isoTimeSchema, objectTypeSchema } from '../domain.js';
import { staleThresholdsSchema } from './app.js';

export const VIEW_NAME_MAX = 100;
const viewName = z.string().trim().min(1).max(VIEW_NAME_MAX);

/** The filter bar's state: text in the filter syntax plus the type, kind and source chips. */
export const viewFilterSchema = z.strictObject({
  text: z.string().max(4000),
  types: z.array(objectTypeSchema).max(3),
  kinds: z.array(z.string().min(1).max(200)).max(100),
  source_ids: z.array(z.string().min(1).max(64)).max(100),
});

/** The map's centre and zoom, as `#map=zoom/lat/lon` has them. */
export const viewMapSchema = z.strictObject({
  zoom: z.number().int().min(0).max(22),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** Live (`{live: true}`) or a replayed moment (`{at}`), and optionally the trail minutes. */
export const viewTimeSchema = z
  .strictObject({
    live: z.literal(true).optional(),
    at: isoTimeSchema.optional(),
    trail_min: z.number().int().min(1).max(1440).optional(),
  })
  .superRefine((time, ctx) => {
    if ((time.live === true) === (time.at !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: `Field 'view.time' must have either live: true or at (a moment), got ${JSON.stringify(time)}.`,
      });
    }
  });

export const viewSchema = z.strictObject({
  filter: viewFilterSchema,
  map: viewMapSchema.optional(),
  /** A layer id of `tiles.layers` ('world' for the bundled world layer). */
  basemap: z.string().min(1).max(200).optional(),
  /** What colours moving objects' symbols on the map. */
  colour_by: z.enum(['kind', 'altitude', 'speed']).optional(),
  time: viewTimeSchema.optional(),
  /**
   * Each kind's stale threshold (seconds, null: never) when the view was saved; opening the view
   * sets them again (app.setStaleThresholds: they are the app's one setting).
   */
  stale_after: staleThresholdsSchema.optional(),
});
export type View = z.infer<typeof viewSchema>;

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  view: viewSchema,
  created_at: isoTimeSchema,
  updated_at: isoTimeSchema,
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const viewsMethods = defineMethods({
  'views.list': {
    summary: 'Every saved view, by name.',
    params: z.object({}).default({}),
    result: z.object({ items: z.array(savedViewSchema) }),
  },
  'views.save': {
    summary: 'Saves a view under a name (replacing the view of that name); every window hears views.changed.',
    params: z.object({ name: viewName, view: viewSchema }),
    result: savedViewSchema,
  },
  'views.delete': {
    summary: 'Deletes a saved view; every window hears views.changed.',
    params: z.object({ id: z.string().min(1) }),
    result: z.object({ id: z.string(), deleted: z.literal(true) }),
  },
  'views.open': {
    summary: 'Asks every window to show a saved view (the desktop menu): views.opened with the view.',
    params: z.object({ id: z.string().min(1) }),
    result: savedViewSchema,
  },
});
