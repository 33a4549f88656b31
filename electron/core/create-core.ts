/**
 * The composition root (ARCHITECTURE "Core composition"), as a list: config → logging → store →
 * ingest → live bus → rule engine → connectors → files/tiles → handlers → dispatcher. `close()` undoes
 * it in order.
 */
import { readFileSync } from 'node:fs';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import type { AppInfo, AppStats } from '../contract/methods/app.js';
import { createSourceAuth } from './auth.js';
import { loadConfig, saveSettings, type Config, type ConfigOverrides } from './config.js';
import { createConnectorRuntime } from './connectors/connector-runtime.js';
import { createLeaseGate } from './connectors/lease-gate.js';
import { startTeamFeed } from './team/team-feed.js';
import { startTeamSync, type TeamSync } from './team/team-sync.js';
import { createTeamSettingsHandlers, teamUrlWithPassword } from './team/team-settings.js';
import { createSecretBox, type SecretBox } from './secrets/secret-box.js';
import type { ConnectorRuntime } from './connectors/types.js';
import type { Dialogs } from './dialogs.js';
import { createDispatcher, type Dispatcher } from './dispatch/dispatcher.js';
import { createEventBus, type EventBus } from './dispatch/event-bus.js';
import { createFilesHandlers } from './files/files-handlers.js';
import { createFilesService, type FilesService } from './files/files-service.js';
import {
  collectAppStats,
  createAppHandlers,
  createObjectsHandlers,
  createSourcesHandlers,
  createViewsHandlers,
  mergeHandlers,
  type HubStatus,
} from './handlers/index.js';
import { createRetentionHandlers } from './history/retention-handlers.js';
import { createRetentionJob } from './history/retention-job.js';
import { createIngest, type IngestPipeline } from './ingest/ingest.js';
import { normalizePublisherObject } from './ingest/normalize.js';
import { createLive, type Live } from './live/live.js';
import { createLiveHandlers } from './live/live-handlers.js';
import { configureLogging, createLogger, type Logger } from './log.js';
import { createRuleEngine } from './rules/engine.js';
import { createStaleSettings } from './stale-settings.js';
import { createRulesHandlers } from './rules/rules-handlers.js';
import type { RuleEngine } from './rules/types.js';
import { createTileLayers, type TileLayers } from './tiles/tile-layers.js';
import { loadSecretKey, type KeyWrapper } from './secrets/secret-key.js';
import type { AppToken } from './app-token.js';
import { createSourceSecrets, sealStoredSecrets } from './secrets/source-secrets.js';
import { createTilesHandlers } from './tiles/tiles-handlers.js';

export interface CreateCoreOptions {
  mode: AppInfo['mode'];
  /** A loaded config; otherwise it is loaded from `env`, `overrides` and `dataDir`. */
  config?: Config;
  env?: Record<string, string | undefined>;
  overrides?: ConfigOverrides;
  /** The platform default data dir (Electron's `userData`). */
  dataDir?: string;
  /** The root logger scope's parent; by default logging is configured from the config (file + stderr). */
  log?: Logger;
  /** Skip configuring the global log sink (tests that configure it themselves). */
  keepLogging?: boolean;
  /** App version (Electron passes app.getVersion()); default: package.json. */
  version?: string;
  /** Desktop file dialogs (Electron main only). */
  dialogs?: Dialogs;
  /** The desktop keychain (Electron safeStorage) that wraps the credential key; absent: a 0600 key file. */
  keyWrapper?: KeyWrapper;
  /** The shells' app token (`app.rotateToken` replaces it); absent in a core without a hub. */
  appToken?: AppToken;
  /** Interval of `app.statsChanged` while anyone listens (ms; 0 turns it off; default 2000). */
  statsIntervalMs?: number;
  /** Longest close() may take in total before the remaining steps are cut short (default 15 s). */
  closeTimeoutMs?: number;
}

/** Everything a shell (Electron main, headless serve, tests) needs from the core. */
export interface Core {
  readonly config: Config;
  readonly version: string;
  readonly dispatcher: Dispatcher;
  readonly store: Store;
  readonly ingest: IngestPipeline;
  readonly live: Live;
  /** The rule engine: geofences and rules evaluated after commit; its alerts are also pushed as `alerts.raised`. */
  readonly rules: RuleEngine;
  readonly connectors: ConnectorRuntime;
  readonly files: FilesService;
  readonly tiles: TileLayers;
  /** Broadcast events for every client (source.statusChanged, app.statsChanged, app.notified, …). */
  readonly events: EventBus;
  /** Publisher token checks for the hub (`checkSource`, `isActive`). */
  readonly auth: ReturnType<typeof createSourceAuth>;
  /** One raw publisher object → an upsert op (throws AppError), for the hub. */
  readonly toIngestOp: typeof normalizePublisherObject;
  logger(scope: string): Logger;
  /** The hub tells the core its address and client counts (for app.info/app.stats); undefined detaches. */
  setHubStatus(
    status: { url: string | null; stats: () => { publishers: number; subscribers: number } } | undefined,
  ): void;
  /** Flushes ingest, stops connectors, closes the store, in that order, within a bounded time. */
  close(): Promise<void>;
  /** Same as close(). */
  stop(): Promise<void>;
}

/** Builds the core; on a failure half-way, whatever was opened is closed again. */
export async function createCore(options: CreateCoreOptions): Promise<Core> {
  const config =
    options.config ?? loadConfig({ env: options.env ?? {}, overrides: options.overrides, dataDir: options.dataDir });
  if (!options.log && !options.keepLogging) {
    configureLogging({
      dir: config.log.dir,
      level: config.log.level,
      maxBytes: config.log.maxBytes,
      keep: config.log.keep,
    });
  }
  const logger = (scope: string): Logger => (options.log ? options.log.child(scope) : createLogger(scope));
  const log = logger('core');
  const version = options.version ?? readVersion();
  const events = createEventBus((error, event) => log.warn('event listener failed', { event, error }));
  const opened: CloseStep[] = [];
  const stale = createStaleSettings({
    initial: config.staleAfter,
    save: (thresholds) => saveSettings(config.settingsFile, { staleAfter: thresholds }),
  });
  const staleAfter = stale.get;
  try {
    const store = await openStore(config.databaseUrl, {
      dataDir: config.dataDir,
      log: logger('store'),
      backup: { dir: config.backup.dir, intervalS: config.backup.intervalS, keep: config.backup.keep },
      staleAfter,
      // A desktop in a team records its changes in an outbox (electron/core/team/team-sync.ts).
      ...(config.teamDatabaseUrl === null ? {} : { teamOutbox: true }),
    });
    opened.push({ name: 'store', run: () => store.close() });
    const ingest = createIngest({
      store,
      log: logger('ingest'),
      batchSize: config.ingest.batchSize,
      flushMs: config.ingest.flushMs,
      queueLimit: config.ingest.queueLimit,
      onPauseChanged: (reason, error) =>
        events.emit(
          'app.notified',
          reason === null
            ? { level: 'info', message: 'Ingest resumed.' }
            : { level: 'error', message: reason, ...(error ? { error: error.toJSON() } : {}) },
        ),
    });
    opened.push({ name: 'ingest', run: () => ingest.close() });
    const live = createLive({ ingest, store, log: logger('live'), staleAfter, flushMs: config.live.flushMs });
    opened.push({ name: 'live', run: async () => live.close() });
    const rules = createRuleEngine({ store, ingest, log: logger('rules'), staleAfter });
    // A threshold change reaches every consumer: live subscriptions that say stale, the rules, the windows.
    stale.onChange((thresholds) => {
      live.resnapshotStale();
      rules
        .staleThresholdsChanged()
        .catch((error: unknown) => log.warn('rules kept the old stale thresholds', { error }));
      events.emit('app.staleThresholdsChanged', { thresholds });
    });
    rules.onAlert((alert) => events.emit('alerts.raised', alert));
    opened.push({ name: 'rules', run: () => rules.close() });
    const { key, source: keySource } = loadSecretKey({
      dataDir: config.dataDir,
      envKey: config.secretKey,
      ...(options.keyWrapper ? { wrapper: options.keyWrapper } : {}),
      log: logger('secrets'),
    });
    const box = createSecretBox(key);
    const secrets = createSourceSecrets(box);
    await sealStoredSecrets(store, secrets, logger('secrets'));
    const leaseTtlMs = config.team.leaseTtlS * 1000;
    const connectors = createConnectorRuntime({
      store,
      ingest,
      log: logger('connectors'),
      reveal: secrets.reveal,
      live,
      ...(store.team
        ? {
            team: {
              gate: createLeaseGate({ leases: store.team.leases, ttlMs: leaseTtlMs, log: logger('leases') }),
              resyncMs: Math.max(200, Math.floor(leaseTtlMs / 3)),
            },
          }
        : {}),
    });
    connectors.onStatus((status) => events.emit('source.statusChanged', status));
    opened.push({ name: 'connectors', run: () => connectors.stop() });
    const tiles = createTileLayers({
      dataDir: config.dataDir,
      userAgent: `OSM-Object-Tracker/${version}`,
      log: logger('tiles'),
      emit: (e, p) => events.emit(e, p),
      maxDocumentBytes: config.import.maxDocumentBytes,
    });
    opened.push({ name: 'tiles', run: async () => tiles.close() });
    const files = createFilesService({
      store,
      ingest,
      log: logger('files'),
      emit: (e, p) => events.emit(e, p),
      filterContext: () => ({ now: Date.now(), staleAfter: staleAfter() }),
      limits: config.import,
      dataDir: config.dataDir,
      // The app keeps a reader thread ready for the next import; the many cores of the test suite do not.
      warmReader: options.mode !== 'test',
      // An import with `basemap` builds from the same file; files knows tiles only through this function.
      buildBasemap: ({ path, removeExtract }) => tiles.buildBasemap({ path }, { removeExtract }),
    });
    opened.push({ name: 'files', run: () => files.close() });

    const retention = createRetentionJob({
      store,
      log: logger('retention'),
      rule: { keepAllDays: config.history.keepAllDays, downsampleS: config.history.downsampleS },
      intervalMs: config.history.intervalS * 1000,
      save: (rule) => saveSettings(config.settingsFile, { history: rule }),
    });

    // The team sync starts after the handlers are built; they read it through this.
    const team: { sync?: TeamSync } = {};
    let hubStatus: (() => HubStatus) | undefined;
    const hub = () => hubStatus?.();
    const handlers = mergeHandlers(
      createObjectsHandlers({ store, ingest, staleAfter }),
      createSourcesHandlers({ store, connectors, ingest, log: logger('sources'), secrets }),
      createLiveHandlers({ live }),
      createFilesHandlers({
        files,
        ...(options.dialogs ? { dialogs: options.dialogs } : {}),
        hubUrl: () => hub()?.url ?? null,
      }),
      createTilesHandlers({ layers: tiles, ...(options.dialogs ? { dialogs: options.dialogs } : {}) }),
      createAppHandlers({
        store,
        stale,
        ingest,
        hub,
        ...(options.appToken ? { appToken: options.appToken } : {}),
        team: async () => team.sync?.status(),
        info: { name: 'OSM Object Tracker', version, dataDir: config.dataDir, mode: options.mode },
      }),
      createRetentionHandlers({ job: retention }),
      createRulesHandlers({ store, engine: rules, emit: (e, p) => events.emit(e, p) }),
      createViewsHandlers({ store, emit: (e, p) => events.emit(e, p) }),
      createTeamSettingsHandlers({
        settingsFile: config.settingsFile,
        box,
        keySource,
        managed:
          nonBlank(options.env?.['TRACKER_TEAM_DATABASE_URL']) || nonBlank(options.overrides?.teamDatabaseUrl ?? ''),
        activeUrl: store.replica ? config.teamDatabaseUrl : null,
        available: store.dialect === 'sqlite',
      }),
    );
    const dispatcher = createDispatcher({
      handlers,
      log: logger('dispatch'),
      validateResults: options.mode === 'test',
    });

    // Rules listen before connectors start feeding ingest, so no early commit goes unevaluated.
    await rules.start();
    // A team database: other instances' commits reach the live bus too (electron/core/team).
    const stopTeamFeed = startTeamFeed({ store, ingest, log: logger('team'), config: config.team });
    opened.push({ name: 'team feed', run: async () => stopTeamFeed() });
    const teamSync = startTeamSyncOf(config, box, store, ingest, logger('team-sync'));
    team.sync = teamSync;
    if (teamSync) opened.push({ name: 'team sync', run: () => teamSync.stop() });
    await connectors.start();
    const stopRetention = retention.start();
    opened.push({ name: 'retention', run: stopRetention });
    const stopStats = startStatsTicker(
      options.statsIntervalMs ?? 2000,
      events,
      () => collectAppStats({ store, ingest, hub, team: async () => teamSync?.status() }),
      log,
    );
    log.info('core ready', { mode: options.mode, database: store.location, version });

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= runSteps(
        [
          { name: 'stats', run: async () => stopStats() },
          { name: 'team feed', run: async () => stopTeamFeed() },
          { name: 'retention', run: stopRetention },
          { name: 'ingest flush', run: () => ingest.flush() },
          { name: 'connectors', run: () => connectors.stop() },
          { name: 'ingest', run: () => ingest.close() },
          // After the last commit (close evaluates what was committed, storing its alerts); before the store.
          { name: 'rules', run: () => rules.close() },
          { name: 'live', run: async () => live.close() },
          { name: 'tiles', run: async () => tiles.close() },
          { name: 'files', run: () => files.close() },
          // After ingest: the last local batches are in the outbox, which the next start sends.
          ...(teamSync ? [{ name: 'team sync', run: () => teamSync.stop() }] : []),
          { name: 'store', run: () => store.close() },
        ],
        options.closeTimeoutMs ?? 15_000,
        log,
      ));
    return {
      config,
      version,
      dispatcher,
      store,
      ingest,
      live,
      rules,
      connectors,
      files,
      tiles,
      events,
      auth: createSourceAuth(store),
      toIngestOp: normalizePublisherObject,
      logger,
      setHubStatus(status) {
        hubStatus = status ? () => ({ url: status.url, ...status.stats() }) : undefined;
      },
      close,
      stop: close,
    };
  } catch (error) {
    await runSteps(opened.reverse(), options.closeTimeoutMs ?? 15_000, log);
    throw error;
  }
}

const nonBlank = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

/** Starts syncing through the team database when one is configured (a SQLite store with an outbox). */
function startTeamSyncOf(
  config: Config,
  box: SecretBox,
  store: Store,
  ingest: IngestPipeline,
  log: Logger,
): TeamSync | undefined {
  if (config.teamDatabaseUrl === null || !store.replica) return undefined;
  let url = config.teamDatabaseUrl;
  try {
    // The password the "Team database" settings saved, sealed with the credential key.
    url = teamUrlWithPassword(url, config.teamDatabasePasswordSealed, box);
  } catch (error) {
    // The URL was checked at load (config.ts): what fails here is opening the sealed password.
    log.error(
      'The saved team database password cannot be decrypted (the credential key changed); enter it again in the Team database settings.',
      { error: String(error) },
    );
  }
  const instanceId = store.replica.instanceId;
  return startTeamSync({
    local: store,
    ingest,
    log,
    openTeam: () => openStore(url, { dataDir: config.dataDir, log, instanceId }),
  });
}

/** Pushes `app.statsChanged` every `intervalMs` while anyone listens; returns stop(). */
function startStatsTicker(
  intervalMs: number,
  events: EventBus,
  collect: () => Promise<AppStats>,
  log: Logger,
): () => void {
  if (intervalMs <= 0) return () => {};
  let busy = false;
  const timer = setInterval(() => {
    if (busy || events.listenerCount() === 0) return;
    busy = true;
    collect()
      .then((stats) => events.emit('app.statsChanged', stats))
      .catch((error: unknown) => log.warn('stats collection failed', { error }))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

interface CloseStep {
  name: string;
  run: () => Promise<void>;
}

/**
 * Runs shutdown steps in order within one overall deadline. A step that fails or overruns is logged
 * and the next one still runs, so the store is closed even when a connector hangs.
 */
async function runSteps(steps: CloseStep[], totalMs: number, log: Logger): Promise<void> {
  const deadline = Date.now() + totalMs;
  for (const step of steps) {
    const left = Math.max(100, deadline - Date.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overrun = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), left);
    });
    try {
      const outcome = await Promise.race([step.run().then(() => 'done' as const), overrun]);
      if (outcome === 'timeout') log.error('shutdown step overran its time; going on', { step: step.name, ms: left });
    } catch (error) {
      log.error('shutdown step failed; going on', { step: step.name, error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
