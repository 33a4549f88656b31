/**
 * The core and the hub inside Electron: created once at app.whenReady, with Electron's userData as
 * the data dir and main's own file dialogs; the hub serves publishers, subscribers, REST, `/api/rpc`
 * and the renderer (for a browser on the same machine). `stop()` flushes ingest and closes the DB.
 */
import { generateAppToken } from '../core/auth.js';
import { createCore, type Core } from '../core/create-core.js';
import type { Dialogs } from '../core/dialogs.js';
import { createHub } from '../core/hub/create-hub.js';
import { addFileRoutes } from '../core/files/files-routes.js';
import { attachApp } from '../headless/attach-app.js';

export interface AppCore {
  core: Core;
  /** The hub's base URL, or null when it could not listen. */
  hubUrl: string | null;
  /** Flushes the ingest queue, stops the hub and closes the database, within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartAppCoreOptions {
  dataDir: string;
  version: string;
  rendererDir: string;
  dialogs: Dialogs;
  env?: Record<string, string | undefined>;
}

/** Starts core + hub. A hub that cannot listen (port taken twice) leaves the app running without it. */
export async function startAppCore(options: StartAppCoreOptions): Promise<AppCore> {
  const core = await createCore({
    mode: 'electron',
    dataDir: options.dataDir,
    env: options.env ?? process.env,
    version: options.version,
    dialogs: options.dialogs,
  });
  const log = core.logger('main');
  const token = core.config.appToken ?? generateAppToken();
  let running: { url: string; stop(): Promise<void> } | undefined;
  let stopApp: (() => Promise<void>) | undefined;
  for (const port of [core.config.hub.port, 0]) {
    try {
      const hub = createHub({
        core,
        log: core.logger('hub'),
        version: core.version,
        config: { token, host: core.config.hub.host, port, heartbeatMs: core.config.hub.heartbeatMs },
      });
      addFileRoutes(hub, core);
      stopApp = attachApp(hub, {
        dispatcher: core.dispatcher,
        events: core.events,
        log: core.logger('rpc'),
        rendererDir: options.rendererDir,
      });
      running = await hub.start();
      core.setHubStatus({ url: running.url, stats: () => hub.stats() });
      break;
    } catch (error) {
      await stopApp?.();
      stopApp = undefined;
      const code = (error as { code?: string }).code;
      log.warn('The hub could not listen.', { port, error: String(error) });
      if (code !== 'EADDRINUSE') break;
    }
  }
  if (!running)
    core.events.emit('app.notified', {
      level: 'warning',
      message: 'The local hub could not start; publishers cannot connect until the app restarts.',
    });

  let stopping: Promise<void> | undefined;
  return {
    core,
    hubUrl: running?.url ?? null,
    stop(timeoutMs = 20_000) {
      stopping ??= (async () => {
        const all = (async () => {
          core.setHubStatus(undefined);
          await running
            ?.stop()
            .catch((error: unknown) => log.error('The hub did not stop cleanly.', { error: String(error) }));
          await stopApp?.();
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
      })();
      return stopping;
    },
  };
}
