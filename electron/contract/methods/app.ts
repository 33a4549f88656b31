/** Contract slice: the application itself. */
import { z } from 'zod';
import { defineMethods } from '../define.js';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  data_dir: z.string(),
  /** The database location with any password removed, e.g. `sqlite:/…/tracker.db`. */
  database: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  /** The local hub's base URL, or null while it is not listening. */
  hub_url: z.string().nullable(),
  mode: z.enum(['electron', 'headless', 'test']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appStatsSchema = z.object({
  /** Objects in the store (one per source, type and id), whatever their history. */
  objects: z.number().int(),
  /** Positions stored in the objects' history (one per accepted observation, thinned by retention). */
  positions_stored: z.number().int(),
  sources: z.number().int(),
  database_bytes: z.number().int(),
  publishers: z.number().int(),
  subscribers: z.number().int(),
  updates_per_s: z.number(),
  queue_depth: z.number().int(),
  paused_reason: z.string().nullable(),
  /** Alerts not yet acknowledged (rules and alerts, issue 15). */
  alerts_unacknowledged: z.number().int(),
});
export type AppStats = z.infer<typeof appStatsSchema>;

export const appMethods = defineMethods({
  'app.info': {
    summary: 'Name, version, data directory, database and hub address.',
    params: z.object({}).default({}),
    result: appInfoSchema,
  },
  'app.stats': {
    summary: 'Counts and rates for the status bar.',
    params: z.object({}).default({}),
    result: appStatsSchema,
  },
  'app.rotateToken': {
    summary:
      'Replace the access key (app token): saved in the data folder, accepted at once; the old key and its connections stop working.',
    params: z.object({}).default({}),
    result: z.object({ token: z.string() }),
  },
});
