/**
 * The desktop's file dialogs for the core (electron/core/dialogs.ts): paths come from main's own
 * dialogs, never from the renderer, and the dialogs attach to the app window.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { Dialogs, FileFilter } from '../core/dialogs.js';

/** Builds the Dialogs the core's `*Dialog` methods use. */
export function createElectronDialogs(getWindow: () => BrowserWindow | undefined): Dialogs {
  return {
    async openFile(title: string, filters: FileFilter[]) {
      const options = { title, properties: ['openFile' as const], filters };
      const win = getWindow();
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? undefined : picked.filePaths[0];
    },
    async saveFile(title: string, defaultName: string, filters: FileFilter[]) {
      const options = { title, defaultPath: defaultName, filters };
      const win = getWindow();
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return picked.canceled || !picked.filePath ? undefined : picked.filePath;
    },
  };
}
