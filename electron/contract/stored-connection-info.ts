/**
 * Reading a stored connection_info back: a value the store cannot hand on safely (not JSON, not an
 * object, nested too deep, too large) becomes a marker naming why, so one bad row never breaks start-up.
 */
import { checkJsonBounds, describeJsonBoundsViolation } from './json-bounds.js';

/** The key of the marker the store hands back for an unreadable stored connection_info. */
export const UNREADABLE_KEY = '$unreadable';

/**
 * Bounds a stored value is read back under. Wider in size than the save limit (64 KiB), so values
 * saved under it stay readable as they are (stored secrets, for one, grow when encrypted); the depth
 * is the save limit, well below what JSON.stringify and structured clone (IPC) can carry.
 */
export const STORED_CONNECTION_INFO_BOUNDS = { maxDepth: 32, maxBytes: 1_048_576 } as const;

/**
 * The stored connection_info as the store should return it: the decoded object when it is within
 * STORED_CONNECTION_INFO_BOUNDS, else `{ "$unreadable": "<one sentence why>" }`. The source's
 * connector then reports that sentence as its error; saving new connection info replaces the value.
 */
export function readStoredConnectionInfo(decode: () => unknown): Record<string, unknown> {
  let value: unknown;
  try {
    value = decode();
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/\.$/, '').slice(0, 200);
    return unreadable(`Field 'connection_info' as stored is not valid JSON (${why}).`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return unreadable(`Field 'connection_info' as stored must be a JSON object, got ${got}.`);
  }
  const violation = checkJsonBounds(value, STORED_CONNECTION_INFO_BOUNDS);
  if (violation !== undefined) return unreadable(describeJsonBoundsViolation(violation, 'connection_info').message);
  return value as Record<string, unknown>;
}

/** The sentence of an unreadable marker, or undefined when `info` is not one. */
export function unreadableReason(info: unknown): string | undefined {
  if (info === null || typeof info !== 'object' || Array.isArray(info)) return undefined;
  const keys = Object.keys(info);
  const reason = (info as Record<string, unknown>)[UNREADABLE_KEY];
  return keys.length === 1 && typeof reason === 'string' ? reason : undefined;
}

function unreadable(reason: string): Record<string, unknown> {
  return { [UNREADABLE_KEY]: reason };
}
