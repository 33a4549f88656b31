/** Contract slice: the application itself. */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { MAX_STALE_AFTER_S, STALE_KINDS, type StaleKind } from '../staleness.js';

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

/**
 * A desktop syncing through a team database (issue 19 item 2): synced, changes waiting in the
 * outbox, the team database unreachable since `offline_since` (ISO), or resyncing from the team's
 * objects (`resync`: on first joining, or because the change log was pruned past this desktop's
 * last applied change; `objects` applied so far).
 */
export const teamSyncStatusSchema = z.object({
  state: z.enum(['synced', 'pending', 'offline', 'resyncing']),
  pending: z.number().int(),
  offline_since: z.string().optional(),
  resync: z.object({ reason: z.enum(['join', 'pruned']), objects: z.number().int() }).optional(),
});
export type TeamSyncStatus = z.infer<typeof teamSyncStatusSchema>;

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
  /** Only when a team database is configured (`--team-database`). */
  team: teamSyncStatusSchema.optional(),
});
export type AppStats = z.infer<typeof appStatsSchema>;

/** One kind's stale threshold: whole seconds (1 s … one year), or null for never. */
const staleSecondsSchema = z.number().int().min(1).max(MAX_STALE_AFTER_S).nullable();

/** Every kind's stale threshold (electron/contract/staleness.ts). */
export const staleThresholdsSchema = z.strictObject(
  Object.fromEntries(STALE_KINDS.map((k) => [k, staleSecondsSchema])) as Record<StaleKind, typeof staleSecondsSchema>,
);

/** Some kinds' thresholds; the kinds left out keep theirs. */
export const staleThresholdsPatchSchema = staleThresholdsSchema.partial();

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
  'app.staleThresholds': {
    summary:
      "Each kind's stale threshold (seconds, null: never), the one the map, the list, the filter's stale, the hub and the rules use.",
    params: z.object({}).default({}),
    result: z.object({ thresholds: staleThresholdsSchema, defaults: staleThresholdsSchema }),
  },
  'app.setStaleThresholds': {
    summary:
      "Change some kinds' stale thresholds (seconds, null: never); saved in the settings file, every window hears app.staleThresholdsChanged.",
    params: z.object({ thresholds: staleThresholdsPatchSchema }),
    result: z.object({ thresholds: staleThresholdsSchema }),
  },
});
