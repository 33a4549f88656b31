/**
 * UUIDv7 (RFC 9562) string ids: time-ordered, so new rows land at the end of the primary-key
 * index instead of at random pages (history grows by millions of rows), still plain UUID strings.
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 256);
let offset = pool.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A new UUIDv7: 48-bit epoch ms, version 7, 74 random bits, RFC 4122 variant. */
export function uuid7(now = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  // Read in place (no subarray or closure per id: history rows take one each on the hot path).
  const p = pool;
  const o = offset;
  offset += 16;
  const ms = Math.max(0, Math.floor(now));
  p[o] = Math.floor(ms / 2 ** 40) & 0xff;
  p[o + 1] = Math.floor(ms / 2 ** 32) & 0xff;
  p[o + 2] = (ms >>> 24) & 0xff;
  p[o + 3] = (ms >>> 16) & 0xff;
  p[o + 4] = (ms >>> 8) & 0xff;
  p[o + 5] = ms & 0xff;
  p[o + 6] = (p[o + 6]! & 0x0f) | 0x70;
  p[o + 8] = (p[o + 8]! & 0x3f) | 0x80;
  let id = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) id += '-';
    id += HEX[p[o + i]!]!;
  }
  return id;
}
