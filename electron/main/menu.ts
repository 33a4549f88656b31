/**
 * The application menu: File (Import…, Export GeoJSON…, Quit), Edit, View, Views (the saved views;
 * a click shows one in the window), Help/About. Import, export and the views call contract methods
 * through the dispatcher by name (import and export open main's file dialogs); a build without
 * those methods says so instead of failing.
 */
import { Menu, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { RpcReply } from '../contract/bridge.js';

/** Contract methods the menu calls; they open main's own file dialogs (paths never come from the renderer). */
export const IMPORT_METHOD = 'files.importDialog';
export const EXPORT_METHOD = 'files.exportDialog';

/** A saved view as the Views menu lists it. */
export interface MenuView {
  id: string;
  name: string;
}

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

/** Shows a saved view in the window: `views.open` announces it, and the window applies it. */
async function openView(deps: MenuDeps, view: MenuView): Promise<void> {
  const reply = await deps.call('views.open', { id: view.id });
  if (reply.ok) return;
  const win = deps.getWindow();
  const options = {
    type: 'error' as const,
    message: `View '${view.name}' cannot be shown.`,
    detail: reply.error.message,
  };
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

/** The Views menu: one item per saved view, or a note saying how to save one. */
function viewsMenu(views: readonly MenuView[], run: (fn: (d: MenuDeps) => Promise<void>) => () => void) {
  const items: MenuItemConstructorOptions[] =
    views.length > 0
      ? views.map((v) => ({ label: v.name, click: run((d) => openView(d, v)) }))
      : [{ label: 'No saved views (use "Save view…" in the header)', enabled: false }];
  return { label: 'Views', submenu: items };
}

/** The menu template (exported for tests and for the macOS app menu). */
export function menuTemplate(
  deps: MenuDeps,
  isMac = process.platform === 'darwin',
  views: readonly MenuView[] = [],
): MenuItemConstructorOptions[] {
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
    viewsMenu(views, run),
    {
      role: 'help',
      submenu: [
        ...(isMac ? [] : [about]),
        { label: 'Open data folder', click: () => void shell.openPath(deps.dataDir) },
      ],
    },
  ];
}

/** The installed menu; `refresh()` reads the saved views again and rebuilds it (on `views.changed`). */
export interface AppMenu {
  refresh(): Promise<void>;
}

/** Installs the application menu, then again with the saved views once they are read. */
export function setupMenu(deps: MenuDeps, isMac = process.platform === 'darwin'): AppMenu {
  const install = (views: readonly MenuView[]) =>
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(deps, isMac, views)));
  // Refreshes can overlap (two saves in a row): only the newest answer is installed.
  let latest = 0;
  const refresh = async (): Promise<void> => {
    const mine = ++latest;
    const reply = await deps.call('views.list', {});
    if (mine !== latest || !reply.ok) return;
    const { items } = reply.result as { items: MenuView[] };
    install(items.map(({ id, name }) => ({ id, name })));
  };
  install([]);
  void refresh();
  return { refresh };
}
