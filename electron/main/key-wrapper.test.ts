// The safeStorage adapter: a real keyring wraps the key; basic_text, a missing or failing safeStorage mean "no keychain".
import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageKeyWrapper } from './key-wrapper.js';

// The fake electron has no safeStorage, like a build without it: the default must cope.
vi.mock('electron', async () => ({ ...(await import('../../test/fakes/electron.js')), safeStorage: undefined }));

/** Reversible stand-in for the OS keychain. */
const storage = (backend: string, available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend as 'gnome_libsecret',
  encryptString: (s: string) => Buffer.from(`wrapped:${s}`),
  decryptString: (b: Buffer) => b.toString().replace(/^wrapped:/, ''),
});

describe('createSafeStorageKeyWrapper', () => {
  it('wraps and unwraps the key when a keyring is there', () => {
    const wrapper = createSafeStorageKeyWrapper(storage('gnome_libsecret'));
    expect(wrapper.isAvailable()).toBe(true);
    const key = Buffer.alloc(32, 7);
    const blob = wrapper.wrap(key);
    expect(blob.includes(key)).toBe(false);
    expect(wrapper.unwrap(blob).equals(key)).toBe(true);
  });

  it('counts Linux basic_text, an unavailable or absent safeStorage and a throwing one as no keychain', () => {
    if (process.platform === 'linux') {
      expect(createSafeStorageKeyWrapper(storage('basic_text')).isAvailable()).toBe(false);
      expect(createSafeStorageKeyWrapper(storage('basic_text')).name).toBe('Electron safeStorage (basic_text)');
    }
    expect(createSafeStorageKeyWrapper(storage('gnome_libsecret', false)).isAvailable()).toBe(false);
    expect(createSafeStorageKeyWrapper(undefined).isAvailable()).toBe(false);
    const throwing = {
      ...storage('kwallet'),
      isEncryptionAvailable: () => {
        throw new Error('not ready');
      },
    };
    expect(createSafeStorageKeyWrapper(throwing).isAvailable()).toBe(false);
  });
});
