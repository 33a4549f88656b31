import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import {
  createSourceAuth,
  generateSourceToken,
  hashToken,
  tokenMatchesHash,
  tokensEqual,
  tokenWeakness,
  verifySourceToken,
} from './auth.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'auth-'));
  store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tokens', () => {
  it('are 32 random bytes in base64url and differ each time', () => {
    const a = generateSourceToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateSourceToken()).not.toBe(a);
  });

  it('hash with sha256 hex and compare both ways', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(tokenMatchesHash('abc', hashToken('abc'))).toBe(true);
    expect(tokenMatchesHash('abd', hashToken('abc'))).toBe(false);
    expect(tokenMatchesHash('abc', 'short')).toBe(false);
    expect(tokensEqual('same', 'same')).toBe(true);
    expect(tokensEqual('same', 'samf')).toBe(false);
    expect(tokensEqual('same', 'same-but-longer')).toBe(false);
    expect(tokensEqual(undefined, 'x')).toBe(false);
  });
});

describe('verifySourceToken', () => {
  it('answers ok, bad-token and inactive; an unknown source answers bad-token like a wrong token', async () => {
    const token = generateSourceToken();
    const source = await store.createSource({
      name: 's',
      description: '',
      type: 'websocket',
      connectionInfo: {},
      isActive: true,
      tokenHash: hashToken(token),
    });
    expect(await verifySourceToken(store, source.id, token)).toBe('ok');
    expect(await verifySourceToken(store, 'no-such-source', token)).toBe('bad-token');
    expect(await verifySourceToken(store, 'no-such-source', undefined)).toBe('bad-token');
    expect(await verifySourceToken(store, source.id, `${token}x`)).toBe('bad-token');
    expect(await verifySourceToken(store, source.id, undefined)).toBe('bad-token');
    expect(await verifySourceToken(store, source.id, '')).toBe('bad-token');
    await store.updateSource(source.id, { isActive: false });
    expect(await verifySourceToken(store, source.id, token)).toBe('inactive');
    expect(await verifySourceToken(store, source.id, 'wrong')).toBe('bad-token');
    const auth = createSourceAuth(store);
    expect(await auth.isActive(source.id)).toBe(false);
    await store.updateSource(source.id, { isActive: true });
    expect(await auth.checkSource(source.id, token)).toBe('ok');
    expect(await auth.isActive(source.id)).toBe(true);
  });
});

describe('tokenWeakness', () => {
  it('accepts generated tokens and long random-looking ones', () => {
    for (let i = 0; i < 200; i++) expect(tokenWeakness(generateSourceToken())).toBeUndefined();
    expect(tokenWeakness('Xk3_q9ZpL2vR7tYb1WmN0e')).toBeUndefined(); // 22 base64url characters
    expect(tokenWeakness('3f9a1c7e5b2d8046af13c9e7b5d20864')).toBeUndefined(); // 32 hex digits
  });

  it('refuses short, low-variety, repeated and consecutive tokens with the reason', () => {
    expect(tokenWeakness('aaaaaaaaaaaaaaaa')).toBe('is shorter than 22 characters');
    expect(tokenWeakness('a'.repeat(40))).toBe('uses only 1 different characters');
    expect(tokenWeakness('0123456789012345678901')).toBe('carries about 73 bits of entropy, fewer than 128');
    expect(tokenWeakness('abcdefgh'.repeat(4))).toBe('repeats a shorter string');
    expect(tokenWeakness('abcdefghijklmnopqrstuvwxyzab')).toBe('is mostly repeated or consecutive characters');
    expect(tokenWeakness('aaaaaaaaaaaaaaaaaaaaaaaaaaaBcdefgh2')).toBe('is mostly repeated or consecutive characters');
  });
});
