/**
 * Tokens: the per-launch app token, per-source push tokens (32 random bytes, base64url), their
 * sha256 hashes (only hashes are stored) and constant-time checks.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../db/store.js';

export type SourceTokenCheck = 'ok' | 'unknown-source' | 'inactive' | 'bad-token';

/** A new random token: 32 bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The app token used when none is configured (one per launch). */
export const generateAppToken = generateToken;
/** A source's push token; shown once, stored only as its hash. */
export const generateSourceToken = generateToken;

/** sha256 of the token, hex (the form `data_sources.token_hash` holds). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two secrets in constant time (lengths are hidden by hashing both first). */
export function tokensEqual(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** True when `token` hashes to `storedHash` (compared in constant time). */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'utf8');
  const b = Buffer.from(storedHash, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a publisher's token for a source. The token is checked before the active flag, so only a
 * holder of the right token learns that a source is inactive.
 */
export async function verifySourceToken(
  store: Pick<Store, 'findSource' | 'findSourceTokenHash'>,
  sourceId: string,
  token: string | undefined,
): Promise<SourceTokenCheck> {
  const source = await store.findSource(sourceId);
  if (!source) return 'unknown-source';
  const hash = await store.findSourceTokenHash(sourceId);
  if (token === undefined || token === '' || hash === undefined || !tokenMatchesHash(token, hash)) return 'bad-token';
  return source.is_active ? 'ok' : 'inactive';
}

/** The source-token check the hub uses (`checkSource`, `isActive`), over one store. */
export function createSourceAuth(store: Pick<Store, 'findSource' | 'findSourceTokenHash'>) {
  return {
    checkSource: (sourceId: string, token: string | undefined) => verifySourceToken(store, sourceId, token),
    isActive: async (sourceId: string) => (await store.findSource(sourceId))?.is_active === true,
  };
}
