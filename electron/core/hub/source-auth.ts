/**
 * Source-token checks for publishers, against the store's token hash (sha256 hex, compared in
 * constant time). Used unless the core provides its own `auth`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../../db/store.js';
import type { SourceAuthLike, SourceAuthResult } from './types.js';

/** Creates a SourceAuth over a store. `verify(sourceId, token)` may replace the hash comparison. */
export function createSourceAuth(opts: { store: Store; verify?: (sourceId: string, token: string) => Promise<boolean> | boolean }): SourceAuthLike {
  const { store } = opts;
  async function verify(sourceId: string, token: string): Promise<boolean> {
    if (opts.verify) return opts.verify(sourceId, token);
    const hash = await store.findSourceTokenHash(sourceId);
    if (!hash) return false;
    const a = Buffer.from(createHash('sha256').update(token).digest('hex'));
    const b = Buffer.from(hash);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  return {
    async checkSource(sourceId: string, token: string | undefined): Promise<SourceAuthResult> {
      const source = await store.findSource(sourceId);
      if (!source) return 'unknown-source';
      if (token === undefined || !(await verify(sourceId, token))) return 'bad-token';
      return source.is_active ? 'ok' : 'inactive';
    },
    async isActive(sourceId: string): Promise<boolean> {
      const source = await store.findSource(sourceId);
      return source?.is_active === true;
    },
  };
}
