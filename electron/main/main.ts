/**
 * Electron main (the composition root of the desktop app), as a list of setup steps: native module,
 * single instance, schemes, security guards, then at ready the core + hub, protocols, window, IPC
 * bridge and menu; quit waits for the core to flush and close.
 */
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { startApp, type RunningApp } from '../app/start-app.js';
import type { Logger } from '../contract/logger.js';
import { APP_INDEX_URL, isAppUrl, registerAppSchemes, setupAppProtocol } from './app-protocol.js';
import { createElectronDialogs } from './dialogs.js';
import { createIpcBridge, createSenderCheck } from './ipc-bridge.js';
import { setupQuit, setupSingleInstance } from './lifecycle.js';
import { createSafeStorageKeyWrapper } from './key-wrapper.js';
import { setupMenu } from './menu.js';
import { setupSecurity } from './security.js';
import { setupTilesProtocol } from './tiles-protocol.js';
import { createMainWindow } from './windows.js';

const APP_NAME = 'OSM Object Tracker';
const devServerUrl = app.isPackaged ? undefined : process.env.TRACKER_DEV_SERVER_URL;
const isOurs = (url: string): boolean => isAppUrl(url, devServerUrl);
let window: BrowserWindow | undefined;
let running: RunningApp | undefined;
let stopBridge: (() => void) | undefined;
const getWindow = (): BrowserWindow | undefined => (window && !window.isDestroyed() ? window : undefined);
// The security guards start before the core and its logger exist.
const stderrLog: Pick<Logger, 'warn'> = { warn: (msg, fields) => console.warn(msg, fields ?? '') };

/** Packaged apps ship better-sqlite3 built for Electron as a resource (npm start sets the env itself). */
function setupNativeModules(): void {
  if (app.isPackaged && !process.env.TRACKER_SQLITE_BINDING) {
    process.env.TRACKER_SQLITE_BINDING = path.join(process.resourcesPath, 'native', 'better_sqlite3.node');
  }
}

/**
 * The one assembly (electron/app): userData as the data dir, main's dialogs, a hub that may fall
 * back; `--rotate-token` on the command line replaces the saved app token, as in headless mode.
 */
async function setupCore(): Promise<RunningApp> {
  return startApp({
    mode: 'electron',
    hub: 'optional',
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    rendererDir: path.join(__dirname, '..', 'renderer'),
    dialogs: createElectronDialogs(getWindow),
    keyWrapper: createSafeStorageKeyWrapper(),
    rotateToken: process.argv.includes('--rotate-token'),
  });
}

function setupWindow(started: RunningApp): BrowserWindow {
  const log = started.core.logger('window');
  const title = started.hubUrl ? `${APP_NAME} — hub ${started.hubUrl}` : APP_NAME;
  window = createMainWindow({
    dataDir: app.getPath('userData'),
    preload: path.join(__dirname, 'preload.cjs'),
    url: devServerUrl ?? APP_INDEX_URL,
    title,
    log,
  });
  // Keep the title with the hub address; the page's <title> must not replace it.
  window.on('page-title-updated', (event) => event.preventDefault());
  return window;
}

function setupIpc(started: RunningApp): void {
  const bridge = createIpcBridge({
    dispatcher: started.core.dispatcher,
    events: started.core.events,
    eventTarget: () => getWindow()?.webContents,
    isTrustedSender: createSenderCheck(() => getWindow()?.webContents, isOurs),
    log: started.core.logger('ipc'),
  });
  stopBridge = bridge.start();
}

function setupAppMenu(started: RunningApp): void {
  const ctx = {
    clientId: 'menu',
    principal: { kind: 'app' as const },
    push: () => undefined,
    onClose: () => undefined,
  };
  const menu = setupMenu({
    appName: APP_NAME,
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    hubUrl: () => started.hubUrl,
    call: (method, params) => started.core.dispatcher.dispatch(method, params, ctx),
    getWindow,
  });
  // The Views menu lists the saved views: rebuilt whenever any client saves or deletes one.
  started.core.events.on((event) => {
    if (event === 'views.changed') void menu.refresh();
  });
}

async function onReady(): Promise<void> {
  try {
    running = await setupCore();
  } catch (error) {
    // e.g. STORE_DAMAGED or STORE_NEWER_SCHEMA: one sentence, then quit without touching the data.
    dialog.showErrorBox(`${APP_NAME} cannot start`, error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  setupAppProtocol(path.join(__dirname, '..', 'renderer'));
  const started = running;
  setupTilesProtocol((layer, z, x, y) => started.core.tiles.getTile(layer, z, x, y));
  setupIpc(started);
  setupAppMenu(started);
  setupWindow(started);
}

setupNativeModules();
if (setupSingleInstance(getWindow)) {
  registerAppSchemes();
  setupSecurity({ isAppUrl: isOurs, ...(devServerUrl ? { devServerUrl } : {}), log: stderrLog });
  setupQuit(async () => {
    stopBridge?.();
    await running?.stop();
  });
  void app.whenReady().then(onReady);
}
