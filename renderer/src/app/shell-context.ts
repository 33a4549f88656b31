/**
 * Hooks over the shell store: read a slice of the state (re-rendering only when it changes), call
 * actions, and listen for one-shot commands.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { createRequiredContext } from './required-context.js';
import type { ShellActions, ShellCommand, ShellState, ShellStore } from './shell-store.js';

/** Provides the window's shell store. */
export const [ShellContext, useShellStore] = createRequiredContext<ShellStore>('ShellContext');

/** A slice of the shell state; the component re-renders when the slice changes (compared with Object.is). */
export function useShell<T>(selector: (state: ShellState) => T): T {
  const store = useShellStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

/** The shell's actions (stable for the store's lifetime). */
export function useShellActions(): ShellActions {
  return useShellStore().actions;
}

/** true in the desktop app (Electron), false in a browser or until app.info answered. */
export function useIsDesktop(): boolean {
  return useShell((s) => s.info?.mode === 'electron');
}

/** Calls `handler` for each command of `type` while the component is mounted. */
export function useShellCommand<K extends ShellCommand['type']>(
  type: K,
  handler: (command: Extract<ShellCommand, { type: K }>) => void,
): void {
  const store = useShellStore();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(
    () =>
      store.onCommand((command) => {
        if (command.type === type) ref.current(command as Extract<ShellCommand, { type: K }>);
      }),
    [store, type],
  );
}
