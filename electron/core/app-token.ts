/**
 * The app token that outlives a launch: kept in `<data dir>/app-token` (0600), made on first start
 * and reused after, so a browser tab or a script keeps working across restarts. `--rotate-token` and
 * the settings' "Rotate access key" replace it. A token set explicitly (TRACKER_TOKEN,
 * TRACKER_TOKEN_FILE, `--token-file`, settings.json) wins, and is never written or rotated here.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../contract/errors.js';
import { ensurePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../../db/private-files.js';
import { generateAppToken, tokenWeakness } from './auth.js';

/** Name of the token file in the data folder. */
export const APP_TOKEN_FILE = 'app-token';

/** Where the explicit token comes from, for messages (never the token itself). */
const EXPLICIT_ORIGINS = 'TRACKER_TOKEN, TRACKER_TOKEN_FILE, --token-file or settings.json';

export interface AppToken {
  /** The token the hub accepts now. */
  current(): string;
  /** 'explicit' when set by the environment, a token file flag or settings; else 'data-dir'. */
  readonly origin: 'explicit' | 'data-dir';
  /** The token file in the data folder, or null for an explicit token. */
  readonly file: string | null;
  /** What loading did: reused the saved token, made a new one, or took the explicit one. */
  readonly loaded: 'reused' | 'made' | 'explicit';
  /** Makes, saves and returns a new token; listeners hear it before this returns. */
  rotate(): string;
  /** Called with each new token (the hub switches to it); returns unsubscribe. */
  onRotated(listener: (token: string) => void): () => void;
}

export interface LoadAppTokenOptions {
  dataDir: string;
  /** The configured token (Config.appToken), or null to use the data folder's. */
  explicit: string | null;
  /** `--rotate-token`: replace the saved token before using it. */
  rotate?: boolean;
}

/** Loads (making or replacing it when asked) the app token. Throws AppError with one sentence. */
export function loadAppToken(options: LoadAppTokenOptions): AppToken {
  if (options.explicit !== null) {
    if (options.rotate) {
      throw new AppError(
        'INVALID_INPUT',
        `Option '--rotate-token' cannot replace a token set by ${EXPLICIT_ORIGINS}; change it there instead.`,
      );
    }
    return explicitToken(options.explicit);
  }
  const file = join(options.dataDir, APP_TOKEN_FILE);
  ensurePrivateDir(options.dataDir);
  const saved = !options.rotate && existsSync(file) ? readAppTokenFile(file) : undefined;
  let token = saved ?? writeAppTokenFile(file, generateAppToken());
  const listeners = new Set<(token: string) => void>();
  return {
    current: () => token,
    origin: 'data-dir',
    file,
    loaded: saved === undefined ? 'made' : 'reused',
    rotate() {
      token = writeAppTokenFile(file, generateAppToken());
      for (const listener of listeners) listener(token);
      return token;
    },
    onRotated(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

function explicitToken(token: string): AppToken {
  return {
    current: () => token,
    origin: 'explicit',
    file: null,
    loaded: 'explicit',
    rotate() {
      throw new AppError(
        'FORBIDDEN',
        `The access key is set by ${EXPLICIT_ORIGINS}, so the app cannot rotate it; change it there and restart.`,
      );
    },
    onRotated: () => () => undefined,
  };
}

/**
 * Reads the saved token (first line), tightening the file to 0600. An empty or damaged file stops
 * the start with a sentence naming it rather than being replaced silently: scripts may depend on it.
 */
export function readAppTokenFile(file: string): string {
  makePrivateFile(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw tokenFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const token = text.split(/\r?\n/)[0]!.trim();
  if (token === '') throw tokenFileError(file, 'is empty');
  if (/\s/.test(token) || tokenWeakness(token) !== undefined) throw tokenFileError(file, 'is damaged');
  return token;
}

function tokenFileError(file: string, what: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    `The app token file ${file} ${what}; delete it or start with --rotate-token to make a new one.`,
    { details: { field: 'appToken' } },
  );
}

/** Writes the token 0600 through a temporary file and a rename, so a crash never leaves half a token. */
function writeAppTokenFile(file: string, token: string): string {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${token}\n`, { mode: PRIVATE_FILE_MODE });
  makePrivateFile(temp);
  renameSync(temp, file);
  return token;
}
