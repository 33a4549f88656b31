/**
 * App lifecycle glue: the single-instance lock, and a quit that waits (bounded) for the core to
 * flush its ingest queue and close the database before the process exits.
 */
import { app, type BrowserWindow } from 'electron';

/** Takes the single-instance lock; false means another instance runs (this one quits). */
export function setupSingleInstance(getWindow: () => BrowserWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = getWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}

/**
 * Holds `quit` until `shutdown()` settles (it bounds its own time), then quits for real. Closing
 * the last window quits on every platform: the tracker has nothing to do without its window.
 */
export function setupQuit(shutdown: () => Promise<void>): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void shutdown()
      .catch(() => undefined)
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}
