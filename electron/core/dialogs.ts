/**
 * File dialogs, which only the desktop app has: Electron main provides them to the core; in
 * headless mode they are absent and the methods that need them answer UNAVAILABLE.
 */
import { AppError } from '../contract/errors.js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Dialogs {
  /** The chosen file's path, or undefined when the user cancelled. */
  openFile(title: string, filters: FileFilter[]): Promise<string | undefined>;
  /** The chosen destination, or undefined when the user cancelled. */
  saveFile(title: string, defaultName: string, filters: FileFilter[]): Promise<string | undefined>;
}

/** Returns the dialogs or answers UNAVAILABLE naming the method. */
export function requireDialogs(dialogs: Dialogs | undefined, method: string): Dialogs {
  if (!dialogs)
    throw new AppError(
      'UNAVAILABLE',
      `Method '${method}' needs the desktop app's file dialogs; in the browser use the download link or drag and drop.`,
    );
  return dialogs;
}
