/**
 * The desktop keychain for the credential key: Electron `safeStorage` (macOS Keychain, Windows DPAPI,
 * libsecret/kwallet on Linux). Without a real keyring on Linux it says so and the core uses its key file.
 */
import { safeStorage } from 'electron';
import type { KeyWrapper } from '../core/secrets/secret-key.js';

type SafeStorage = Pick<
  typeof safeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/** safeStorage as a KeyWrapper; ask only after app 'ready' (safeStorage needs it on Linux). */
export function createSafeStorageKeyWrapper(storage: SafeStorage | undefined = safeStorage): KeyWrapper {
  const backend = (): string => {
    if (process.platform !== 'linux') return process.platform;
    try {
      return storage?.getSelectedStorageBackend() ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
  return {
    get name() {
      return `Electron safeStorage (${backend()})`;
    },
    // 'basic_text' is a hard-coded password, no better than the 0600 key file, which then is used instead.
    isAvailable() {
      try {
        return !!storage?.isEncryptionAvailable() && !['basic_text', 'unknown'].includes(backend());
      } catch {
        return false;
      }
    },
    wrap: (key) => storage!.encryptString(key.toString('base64')),
    unwrap: (blob) => Buffer.from(storage!.decryptString(blob), 'base64'),
  };
}
