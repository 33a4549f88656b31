/**
 * Handlers of the `app.*` slice: what the app is and where its data lives, and the status-bar
 * counters gathered from the store, the ingest pipeline and (when running) the hub.
 */
import type { AppInfo, AppStats, TeamSyncStatus } from '../../contract/methods/app.js';
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { appMethods } from '../../contract/methods/app.js';
import type { Store } from '../../../db/store.js';
import { AppError } from '../../contract/errors.js';
import type { AppToken } from '../app-token.js';
import type { CallContext } from '../dispatch/dispatcher.js';
import type { Ingest } from '../ingest/types.js';
import type { StaleSettings } from '../stale-settings.js';
import { DEFAULT_STALE_AFTER_S } from '../../contract/staleness.js';

type AppMethod = keyof typeof appMethods;
export type AppHandlers = { [M in AppMethod]: (params: MethodParams<M>, ctx: CallContext) => Promise<MethodResult<M>> };

/** What a running hub tells the app handlers; absent while no hub listens. */
export interface HubStatus {
  url: string | null;
  publishers: number;
  subscribers: number;
}

export interface AppHandlersDeps {
  store: Pick<Store, 'stats' | 'location' | 'dialect' | 'rules'>;
  ingest: Pick<Ingest, 'stats'>;
  info: { name: string; version: string; dataDir: string; mode: AppInfo['mode'] };
  /** The hub's address and client counts, or undefined while none runs. */
  hub?: () => HubStatus | undefined;
  /** The stale thresholds per kind (app.staleThresholds, app.setStaleThresholds). */
  stale: Pick<StaleSettings, 'get' | 'set'>;
  /** The team sync's status; undefined when no team database is configured (electron/core/team/team-sync.ts). */
  team?: () => Promise<TeamSyncStatus | undefined>;
  /** The app token the shells serve with; absent in a core without a hub (tests). */
  appToken?: Pick<AppToken, 'rotate'>;
}

/** Builds the `app.*` handlers. */
export function createAppHandlers(deps: AppHandlersDeps): AppHandlers {
  return {
    async 'app.info'() {
      return {
        name: deps.info.name,
        version: deps.info.version,
        data_dir: deps.info.dataDir,
        database: deps.store.location,
        dialect: deps.store.dialect,
        hub_url: deps.hub?.()?.url ?? null,
        mode: deps.info.mode,
      };
    },
    'app.stats': () => collectAppStats(deps),
    async 'app.rotateToken'() {
      if (!deps.appToken) throw new AppError('UNAVAILABLE', 'This app runs without an access key to rotate.');
      return { token: deps.appToken.rotate() };
    },
    async 'app.staleThresholds'() {
      return { thresholds: { ...deps.stale.get() }, defaults: { ...DEFAULT_STALE_AFTER_S } };
    },
    async 'app.setStaleThresholds'(params) {
      return { thresholds: { ...deps.stale.set(params.thresholds) } };
    },
  };
}

/** The status-bar counters (also pushed periodically as `app.statsChanged`). */
export async function collectAppStats(
  deps: Pick<AppHandlersDeps, 'store' | 'ingest' | 'hub' | 'team'>,
): Promise<AppStats> {
  const [stored, alerts, team] = await Promise.all([
    deps.store.stats(),
    deps.store.rules.countUnacknowledged(),
    deps.team?.(),
  ]);
  const ingest = deps.ingest.stats();
  const hub = deps.hub?.();
  return {
    objects: stored.objects,
    positions_stored: stored.historyRows,
    sources: stored.sources,
    database_bytes: stored.databaseBytes,
    publishers: hub?.publishers ?? 0,
    subscribers: hub?.subscribers ?? 0,
    updates_per_s: ingest.updatesPerSecond,
    queue_depth: ingest.queueDepth,
    paused_reason: ingest.pausedReason,
    alerts_unacknowledged: alerts,
    ...(team ? { team } : {}),
  };
}
