// Types for electron.mjs, so TypeScript tests can import it.
import type { ChildProcess } from 'node:child_process';

export declare const NATIVE_DIR: string;
export declare const MISSING_ELECTRON_MESSAGE: string;
export declare function electronVersion(): string;
export declare function findElectronBinary(env?: Record<string, string | undefined>): string | undefined;
export declare function electronSqliteBindingPath(arch?: string): string;
export declare function ensureElectronSqlite(options?: {
  arch?: string;
  log?: (message: string) => void;
}): Promise<string>;
export declare function launchElectron(
  binary: string,
  options?: { args?: string[]; env?: Record<string, string> },
): ChildProcess;
