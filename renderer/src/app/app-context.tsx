/**
 * What every view needs from the shell: the API client and a way to show a notification.
 */
import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client.js';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface AppServices {
  client: ApiClient;
  notify(level: NoticeLevel, message: string): void;
}

export const AppContext = createContext<AppServices | null>(null);

/** The shell's services; throws when used outside <AppContext.Provider>. */
export function useApp(): AppServices {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() must be used inside <AppContext.Provider>.');
  return value;
}

export { errorMessage } from './error-text.js';
