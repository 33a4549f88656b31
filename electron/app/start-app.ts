/**
 * The one assembly both shells start: config → core (logging, store, ingest, live, handlers) → hub
 * with its file routes, the JSON-RPC bridge and the static renderer. Electron adds its window and
 * IPC on top; headless adds its CLI, the ready line and signal handling.
 */
import type { AppInfo } from '../contract/methods/app.js';
import type { Logger } from '../contract/logger.js';
import { loadAppToken, type AppToken } from '../core/app-token.js';
import { loadConfig, type ConfigOverrides } from '../core/config.js';
import { createCore, type Core } from '../core/create-core.js';
import type { Dialogs } from '../core/dialogs.js';
import type { KeyWrapper } from '../core/secrets/secret-key.js';
import { addFileRoutes } from '../core/files/files-routes.js';
import { createHub, type Hub, type RunningHub } from '../core/hub/create-hub.js';
import { hubOptionsFrom } from '../core/hub/hub-config.js';
import { attachApp } from './attach-app.js';

type Stopper = () => Promise<void> | void;

/** Called before the hub listens: extra routes or upgrades. May return their stop(). */
export type AppSetup = (ctx: { hub: Hub; core: Core; token: string }) => void | Stopper | Promise<void | Stopper>;

export interface StartAppOptions {
  mode: Extract<AppInfo['mode'], 'electron' | 'headless'>;
  /** Environment read for TRACKER_* settings (default process.env). */
  env?: Record<string, string | undefined>;
  /** The platform default data dir (Electron's userData); TRACKER_DATA_DIR and overrides win. */
  dataDir?: string;
  /** Explicit settings (CLI flags). */
  overrides?: ConfigOverrides;
  /** App version (Electron passes app.getVersion()); default: package.json. */
  version?: string;
  /** Desktop file dialogs (Electron only). */
  dialogs?: Dialogs;
  /** The desktop keychain wrapping the credential key (Electron safeStorage); headless uses the key file. */
  keyWrapper?: KeyWrapper;
  /** dist/renderer, served at `/` without a token; omit to serve the API only. */
  rendererDir?: string;
  /** `--rotate-token`: replace the app token saved in the data folder before starting. */
  rotateToken?: boolean;
  /**
   * 'required' (headless): a hub that cannot listen stops the start. 'optional' (Electron): a taken
   * port is retried on a free one, and a hub that still cannot listen leaves the app running
   * without it, with a warning to the user.
   */
  hub?: 'required' | 'optional';
  setup?: AppSetup;
  /** Default bound of stop() (20 s), after which it stops waiting and logs that it overran. */
  stopTimeoutMs?: number;
}

export interface RunningApp {
  core: Core;
  /** The app token now (explicit, or saved in the data folder); changes when rotated. */
  readonly token: string;
  /** The app token's keeper: where it lives, rotate(), onRotated(). */
  appToken: AppToken;
  /** The hub, or null when an optional hub could not listen. */
  hub: Hub | null;
  /** The hub's base URL (`http://127.0.0.1:PORT`, no token), or null. */
  hubUrl: string | null;
  /** The port the hub listens on, or null. */
  port: number | null;
  /** Detaches the hub status, stops the hub and the bridge, flushes ingest and closes the store; bounded. */
  stop(timeoutMs?: number): Promise<void>;
}

interface Listening {
  hub: Hub;
  running: RunningHub;
  stopAttached: () => Promise<void>;
}

/** Builds config, core and hub; resolves once the hub listens (or, optional, gave up). */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const config = loadConfig({
    env: options.env ?? process.env,
    overrides: options.overrides,
    dataDir: options.dataDir,
  });
  // Before the store opens: a damaged token file stops the start without touching the data.
  const appToken = loadAppToken({ dataDir: config.dataDir, explicit: config.appToken, rotate: options.rotateToken });
  const core = await createCore({
    mode: options.mode,
    config,
    appToken,
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.keyWrapper ? { keyWrapper: options.keyWrapper } : {}),
  });
  const log = core.logger('app');
  // Names the file, never the token.
  if (appToken.file) log.info(`app token ${appToken.loaded}`, { file: appToken.file });
  let listening: Listening | undefined;
  try {
    listening = await listen(core, appToken, options, log);
  } catch (error) {
    await core.close();
    throw error;
  }
  if (listening) {
    const { hub, running } = listening;
    core.setHubStatus({ url: running.url, stats: () => hub.stats() });
  } else {
    core.events.emit('app.notified', {
      level: 'warning',
      message: 'The local hub could not start; publishers cannot connect until the app restarts.',
    });
  }
  return {
    core,
    get token() {
      return appToken.current();
    },
    appToken,
    hub: listening?.hub ?? null,
    hubUrl: listening?.running.url ?? null,
    port: listening?.running.port ?? null,
    stop: boundedStop(core, listening, log, options.stopTimeoutMs ?? 20_000),
  };
}

/** Tries the configured port (then, for an optional hub, a free one); undefined when an optional hub gave up. */
async function listen(
  core: Core,
  token: AppToken,
  options: StartAppOptions,
  log: Logger,
): Promise<Listening | undefined> {
  const configured = core.config.hub.port;
  const ports = options.hub === 'optional' && configured !== 0 ? [configured, 0] : [configured];
  for (const port of ports) {
    try {
      return await listenOn(core, token, port, options);
    } catch (error) {
      if (options.hub !== 'optional') throw error;
      log.warn('The hub could not listen.', { port, error: String(error) });
      if ((error as { code?: string }).code !== 'EADDRINUSE') break;
    }
  }
  return undefined;
}

/** One attempt: hub + file routes + RPC bridge/renderer + setup, then listen; undone on failure. */
async function listenOn(core: Core, appToken: AppToken, port: number, options: StartAppOptions): Promise<Listening> {
  const stoppers: Stopper[] = [];
  const stopAttached = async (): Promise<void> => {
    for (const stop of stoppers.splice(0).reverse()) await stop();
  };
  try {
    const hub = createHub({
      core,
      log: core.logger('hub'),
      version: core.version,
      config: { ...hubOptionsFrom(core.config.hub), port, token: appToken.current() },
    });
    // A rotated token is accepted by the hub at once, and the old one refused.
    stoppers.push(appToken.onRotated((token) => hub.setToken(token)));
    addFileRoutes(hub, core);
    stoppers.push(
      attachApp(hub, {
        dispatcher: core.dispatcher,
        events: core.events,
        log: core.logger('rpc'),
        ...(options.rendererDir === undefined ? {} : { rendererDir: options.rendererDir }),
      }),
    );
    const stopSetup = await options.setup?.({ hub, core, token: appToken.current() });
    if (stopSetup) stoppers.push(stopSetup);
    return { hub, running: await hub.start(), stopAttached };
  } catch (error) {
    await stopAttached();
    throw error;
  }
}

/** stop(): once, in order, within `timeoutMs` (a step that hangs must not keep the process alive). */
function boundedStop(core: Core, listening: Listening | undefined, log: Logger, defaultMs: number) {
  let stopping: Promise<void> | undefined;
  return (timeoutMs = defaultMs): Promise<void> =>
    (stopping ??= (async () => {
      const all = (async () => {
        core.setHubStatus(undefined);
        await listening?.running
          .stop()
          .catch((error: unknown) => log.error('The hub did not stop cleanly.', { error: String(error) }));
        await listening
          ?.stopAttached()
          .catch((error: unknown) => log.error('The RPC bridge did not stop cleanly.', { error: String(error) }));
        await core.close();
      })();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log.error('Shutdown overran its time; quitting anyway.', { ms: timeoutMs });
          resolve();
        }, timeoutMs);
      });
      await Promise.race([all, late]);
      clearTimeout(timer);
    })());
}
