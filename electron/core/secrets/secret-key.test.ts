// Where the credential key comes from: environment, keychain-wrapped file, plain 0600 key file; and what happens when it cannot be read.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, loadSecretKey, WRAPPED_KEY_FILE, type KeyWrapper } from './secret-key.js';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'secret-key-'));
  dirs.push(d);
  return join(d, 'data');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const lines: string[] = [];
const log = {
  info: (m: string) => lines.push(m),
  warn: (m: string) => lines.push(m),
  error: (m: string) => lines.push(m),
};
const mode = (p: string) => statSync(p).mode & 0o777;

/** A keychain that XORs with a pad (stands in for safeStorage; the point is that the file is not the key). */
const fakeKeychain = (available = true): KeyWrapper => ({
  name: 'test keychain',
  isAvailable: () => available,
  wrap: (k) => Buffer.from(k.map((b) => b ^ 0x5a)),
  unwrap: (b) => Buffer.from(b.map((x) => x ^ 0x5a)),
});

describe('loadSecretKey', () => {
  it('creates a 32-byte key file 0600 in a 0700 folder once, then reads the same key', () => {
    const dataDir = freshDir();
    const first = loadSecretKey({ dataDir, log });
    expect(first.source).toBe('key-file');
    expect(first.key).toHaveLength(32);
    expect(mode(join(dataDir, KEY_FILE))).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    expect(loadSecretKey({ dataDir, log }).key.equals(first.key)).toBe(true);
  });

  it('lets TRACKER_SECRET_KEY win and refuses one of the wrong length without echoing it', () => {
    const key = randomBytes(32);
    const dataDir = freshDir();
    expect(loadSecretKey({ dataDir, envKey: key.toString('base64'), log })).toEqual({ key, source: 'environment' });
    expect(() => loadSecretKey({ dataDir, envKey: 'c2hvcnQ=', log })).toThrow(
      'Environment variable TRACKER_SECRET_KEY must be 32 bytes in base64 (make one with `openssl rand -base64 32`), got 5 bytes.',
    );
  });

  it('keeps the key wrapped by the keychain, and falls back to the key file (saying so) without one', () => {
    const dataDir = freshDir();
    const wrapped = loadSecretKey({ dataDir, wrapper: fakeKeychain(), log });
    expect(wrapped.source).toBe('keychain');
    const onDisk = readFileSync(join(dataDir, WRAPPED_KEY_FILE));
    expect(onDisk.equals(wrapped.key)).toBe(false);
    expect(mode(join(dataDir, WRAPPED_KEY_FILE))).toBe(0o600);
    expect(loadSecretKey({ dataDir, wrapper: fakeKeychain(), log }).key.equals(wrapped.key)).toBe(true);
    lines.length = 0;
    expect(loadSecretKey({ dataDir, wrapper: fakeKeychain(false), log }).source).toBe('key-file');
    expect(lines.join('\n')).toMatch(
      /test keychain has no keychain on this system; feed credentials are encrypted with the key file/,
    );
  });

  it('sets an unreadable key file aside (never overwrites it) and makes a new key', () => {
    const dataDir = freshDir();
    const old = loadSecretKey({ dataDir, log }).key;
    writeFileSync(join(dataDir, KEY_FILE), 'not a key\n');
    lines.length = 0;
    const fresh = loadSecretKey({ dataDir, log });
    expect(fresh.key.equals(old)).toBe(false);
    expect(readdirSync(dataDir).filter((f) => f.startsWith(`${KEY_FILE}.unreadable-`))).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/cannot be read; it was set aside/);
  });
});
