/**
 * Electron main (the composition root of the desktop app), as a list of setup steps: native module,
 * single instance, schemes, security guards, then at ready the core + hub, protocols, window, IPC
 * bridge and menu; quit waits for the core to flush and close.
 */
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { APP_INDEX_URL, isAppUrl, registerAppSchemes, setupAppProtocol } from './app-protocol.js';
import { startAppCore, type AppCore } from './app-core.js';
import { createElectronDialogs } from './dialogs.js';
import { createIpcBridge, createSenderCheck } from './ipc-bridge.js';
import { setupQuit, setupSingleInstance } from './lifecycle.js';
import { setupMenu } from './menu.js';
import { setupSecurity } from './security.js';
import { setupTilesProtocol } from './tiles-protocol.js';
import { createMainWindow } from './windows.js';

const APP_NAME = 'OSM Object Tracker';
const devServerUrl = app.isPackaged ? undefined : process.env.TRACKER_DEV_SERVER_URL;
const isOurs = (url: string): boolean => isAppUrl(url, devServerUrl);
let window: BrowserWindow | undefined;
let appCore: AppCore | undefined;
let stopBridge: (() => void) | undefined;
const getWindow = (): BrowserWindow | undefined => (window && !window.isDestroyed() ? window : undefined);
const stderrLog = { warn: (msg: string, fields?: Record<string, unknown>) => console.warn(msg, fields ?? '') };

/** Packaged apps ship better-sqlite3 built for Electron as a resource (npm start sets the env itself). */
function setupNativeModules(): void {
  if (app.isPackaged && !process.env.TRACKER_SQLITE_BINDING) {
    process.env.TRACKER_SQLITE_BINDING = path.join(process.resourcesPath, 'native', 'better_sqlite3.node');
  }
}

async function setupCore(): Promise<AppCore> {
  return startAppCore({
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    rendererDir: path.join(__dirname, '..', 'renderer'),
    dialogs: createElectronDialogs(getWindow),
  });
}

function setupWindow(started: AppCore): BrowserWindow {
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

function setupIpc(started: AppCore): void {
  const bridge = createIpcBridge({
    dispatcher: started.core.dispatcher,
    events: started.core.events,
    eventTarget: () => getWindow()?.webContents,
    isTrustedSender: createSenderCheck(() => getWindow()?.webContents, isOurs),
    log: started.core.logger('ipc'),
  });
  stopBridge = bridge.start();
}

function setupAppMenu(started: AppCore): void {
  const ctx = {
    clientId: 'menu',
    principal: { kind: 'app' as const },
    push: () => undefined,
    onClose: () => undefined,
  };
  setupMenu({
    appName: APP_NAME,
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    hubUrl: () => started.hubUrl,
    call: (method, params) => started.core.dispatcher.dispatch(method, params, ctx),
    getWindow,
  });
}

async function onReady(): Promise<void> {
  try {
    appCore = await setupCore();
  } catch (error) {
    // e.g. STORE_DAMAGED or STORE_NEWER_SCHEMA: one sentence, then quit without touching the data.
    dialog.showErrorBox(`${APP_NAME} cannot start`, error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  setupAppProtocol(path.join(__dirname, '..', 'renderer'));
  setupTilesProtocol((layer, z, x, y) => appCore!.core.tiles.getTile(layer, z, x, y));
  setupIpc(appCore);
  setupAppMenu(appCore);
  setupWindow(appCore);
}

setupNativeModules();
if (setupSingleInstance(getWindow)) {
  registerAppSchemes();
  setupSecurity({ isAppUrl: isOurs, ...(devServerUrl ? { devServerUrl } : {}), log: stderrLog });
  setupQuit(async () => {
    stopBridge?.();
    await appCore?.stop();
  });
  void app.whenReady().then(onReady);
}
