/**
 * Where the credential key comes from: TRACKER_SECRET_KEY (base64 of 32 bytes) when set; else a key
 * kept in the data folder, wrapped by the desktop's keychain (Electron safeStorage) when one is
 * available, or a plain 0600 key file (`secret.key`, headless and keyring-less Linux).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { Logger } from '../../contract/logger.js';
import { ensurePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../../../db/private-files.js';

/** The desktop's keychain, as Electron safeStorage offers it (electron/main adapts it). */
export interface KeyWrapper {
  /** Short name for the log, e.g. 'Electron safeStorage (gnome_libsecret)'. */
  readonly name: string;
  /** False when the OS offers no real keychain (then the plain key file is used). */
  isAvailable(): boolean;
  wrap(key: Buffer): Buffer;
  unwrap(blob: Buffer): Buffer;
}

export interface SecretKeyOptions {
  dataDir: string;
  /** TRACKER_SECRET_KEY, base64; wins over the files. */
  envKey?: string | null;
  wrapper?: KeyWrapper;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** The key and where it came from (for the log and app.info-like diagnostics). */
export interface SecretKey {
  key: Buffer;
  source: 'environment' | 'keychain' | 'key-file';
}

/** Name of the plain key file in the data folder. */
export const KEY_FILE = 'secret.key';
/** Name of the keychain-wrapped key file in the data folder. */
export const WRAPPED_KEY_FILE = 'secret.key.wrapped';

/** Loads (creating on first use) the key. A key file that cannot be read is set aside, never overwritten. */
export function loadSecretKey(options: SecretKeyOptions): SecretKey {
  if (options.envKey != null && options.envKey.trim() !== '')
    return { key: parseEnvKey(options.envKey), source: 'environment' };
  ensurePrivateDir(options.dataDir);
  const wrapper = options.wrapper;
  if (wrapper?.isAvailable()) {
    try {
      const file = join(options.dataDir, WRAPPED_KEY_FILE);
      const key = loadOrCreate(
        file,
        (b) => wrapper.unwrap(b),
        (k) => wrapper.wrap(k),
        options.log,
      );
      return { key, source: 'keychain' };
    } catch (error) {
      options.log.error(`${wrapper.name} failed; feed credentials are encrypted with the key file instead`, {
        error: String(error),
      });
    }
  } else if (wrapper) {
    options.log.warn(
      `${wrapper.name} has no keychain on this system; feed credentials are encrypted with the key file instead`,
      {
        file: join(options.dataDir, KEY_FILE),
      },
    );
  }
  const fromText = (b: Buffer) => Buffer.from(b.toString('utf8').trim(), 'base64');
  const toText = (k: Buffer) => Buffer.from(`${k.toString('base64')}\n`);
  return { key: loadOrCreate(join(options.dataDir, KEY_FILE), fromText, toText, options.log), source: 'key-file' };
}

function parseEnvKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim())) {
    throw new AppError(
      'INVALID_INPUT',
      `Environment variable TRACKER_SECRET_KEY must be 32 bytes in base64 (make one with \`openssl rand -base64 32\`), got ${key.length} bytes.`,
      { details: { field: 'secrets.key' } },
    );
  }
  return key;
}

function loadOrCreate(
  file: string,
  decode: (b: Buffer) => Buffer,
  encode: (k: Buffer) => Buffer,
  log: SecretKeyOptions['log'],
): Buffer {
  if (existsSync(file)) {
    makePrivateFile(file);
    try {
      const key = decode(readFileSync(file));
      if (key.length === 32) return key;
      throw new Error(`it holds ${key.length} bytes, not 32`);
    } catch (error) {
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      log.error(
        'The credential key cannot be read; it was set aside and a new key made. Sources with stored credentials need them again.',
        {
          file,
          setAside: aside,
          error: String(error),
        },
      );
    }
  }
  const key = randomBytes(32);
  writeFileSync(file, encode(key), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  makePrivateFile(file);
  log.info('A new credential key was made', { file });
  return key;
}
