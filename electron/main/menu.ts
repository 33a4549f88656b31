/**
 * The application menu: File (Import…, Export GeoJSON…, Quit), Edit, View, Help/About. Import and
 * export call contract methods through the dispatcher by name (they open main's file dialogs); a
 * build without those methods says so instead of failing.
 */
import { Menu, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { RpcReply } from '../contract/bridge.js';

/** Contract methods the menu calls; they open main's own file dialogs (paths never come from the renderer). */
export const IMPORT_METHOD = 'files.importDialog';
export const EXPORT_METHOD = 'files.exportDialog';

export interface MenuDeps {
  appName: string;
  version: string;
  dataDir: string;
  hubUrl(): string | null;
  /** Calls the dispatcher as the app (principal app, client `menu`). */
  call(method: string, params: unknown): Promise<RpcReply>;
  getWindow(): BrowserWindow | undefined;
}

/** Shows a reply's outcome; METHOD_NOT_FOUND means this build lacks the feature. */
async function report(deps: MenuDeps, what: string, reply: RpcReply, done: (result: unknown) => string): Promise<void> {
  const win = deps.getWindow();
  const box = (type: 'info' | 'error', message: string, detail: string) =>
    win ? dialog.showMessageBox(win, { type, message, detail }) : dialog.showMessageBox({ type, message, detail });
  if (reply.ok) await box('info', `${what} finished.`, done(reply.result));
  else if (reply.error.code === 'METHOD_NOT_FOUND')
    await box('info', `${what} is not available in this version.`, reply.error.message);
  else await box('error', `${what} failed.`, reply.error.message);
}

async function importFile(deps: MenuDeps): Promise<void> {
  const reply = await deps.call(IMPORT_METHOD, {});
  const result = reply.ok
    ? (reply.result as { cancelled: boolean; report?: { imported: number; skipped: number } })
    : undefined;
  if (result?.cancelled) return;
  await report(
    deps,
    'Import',
    reply,
    () => `${result?.report?.imported ?? 0} objects imported, ${result?.report?.skipped ?? 0} skipped.`,
  );
}

async function exportGeojson(deps: MenuDeps): Promise<void> {
  const reply = await deps.call(EXPORT_METHOD, { format: 'geojson' });
  const result = reply.ok ? (reply.result as { cancelled: boolean; objects: number; path?: string }) : undefined;
  if (result?.cancelled) return;
  await report(
    deps,
    'Export',
    reply,
    () => `${result?.objects ?? 0} objects written to ${result?.path ?? 'the file'}.`,
  );
}

async function showAbout(deps: MenuDeps): Promise<void> {
  const detail = `Version ${deps.version}\nData directory: ${deps.dataDir}\nLocal hub: ${deps.hubUrl() ?? 'not running'}`;
  const win = deps.getWindow();
  const options = {
    type: 'info' as const,
    title: `About ${deps.appName}`,
    message: deps.appName,
    detail,
    buttons: ['OK', 'Open data folder'],
  };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  if (response === 1) await shell.openPath(deps.dataDir);
}

/** The menu template (exported for tests and for the macOS app menu). */
export function menuTemplate(deps: MenuDeps, isMac = process.platform === 'darwin'): MenuItemConstructorOptions[] {
  const run = (fn: (d: MenuDeps) => Promise<void>) => () =>
    void fn(deps).catch((e: unknown) => dialog.showErrorBox(deps.appName, String(e)));
  const about: MenuItemConstructorOptions = { label: `About ${deps.appName}`, click: run(showAbout) };
  return [
    ...(isMac
      ? [{ label: deps.appName, submenu: [about, { type: 'separator' as const }, { role: 'quit' as const }] }]
      : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: run(importFile) },
        { label: 'Export GeoJSON…', accelerator: 'CmdOrCtrl+E', click: run(exportGeojson) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [
        ...(isMac ? [] : [about]),
        { label: 'Open data folder', click: () => void shell.openPath(deps.dataDir) },
      ],
    },
  ];
}

/** Installs the application menu. */
export function setupMenu(deps: MenuDeps): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(deps)));
}
