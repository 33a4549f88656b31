/**
 * The main window: secure webPreferences (Electron checklist), the preload, and a size and position
 * remembered in the data dir across launches.
 */
import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../contract/logger.js';
import { DEFAULT_WINDOW_STATE, MIN_SIZE, fitToDisplays, loadWindowState, saveWindowState } from './window-state.js';

export interface MainWindowOptions {
  dataDir: string;
  /** Absolute path of dist/main/preload.cjs. */
  preload: string;
  /** What to load: `app://tracker/index.html` or the Vite dev server. */
  url: string;
  title: string;
  log: Pick<Logger, 'warn'>;
}

/** Creates and loads the main window; it shows itself once the first frame is ready. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = loadWindowState(options.dataDir);
  const primary = screen.getPrimaryDisplay().workArea;
  const isDefault = saved === DEFAULT_WINDOW_STATE;
  const bounds = isDefault
    ? fitToDisplays({ ...DEFAULT_WINDOW_STATE.bounds, x: -100000, y: -100000 }, [], primary)
    : fitToDisplays(
        saved.bounds,
        screen.getAllDisplays().map((d) => d.workArea),
        primary,
      );

  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: options.title,
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in a new window (denied anyway by the window-open handler).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (saved.isMaximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    try {
      saveWindowState(options.dataDir, {
        bounds: win.isMaximized() ? win.getNormalBounds() : win.getBounds(),
        isMaximized: win.isMaximized(),
      });
    } catch (error) {
      options.log.warn('Could not save the window position.', { error: String(error) });
    }
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });

  void win.loadURL(options.url);
  return win;
}
