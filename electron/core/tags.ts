/**
 * Tag rules: a flat map of string / finite number / boolean values, at most 1,000 keys of at most
 * 255 characters, normalized into a null-prototype object so no key can reach a prototype.
 */
import { TAG_LIMITS, type TagValue, type Tags } from '../contract/domain.js';
import { AppError } from '../contract/errors.js';
import { describeValue } from './geometry.js';
import { assertWellFormed } from './well-formed.js';

/**
 * Keys refused outright. In a null-prototype map `__proto__` would be plain data, but tag maps leave
 * this process (IPC, hub, exports) and are copied by code that assigns keys into ordinary objects,
 * where `__proto__` would replace the prototype; no real tag uses it, so it is refused.
 */
export const RESERVED_TAG_KEYS: ReadonlySet<string> = new Set(['__proto__']);

/** Validates and copies tags into a null-prototype object. Throws AppError('INVALID_INPUT'). */
export function normalizeTags(input: unknown, field = 'tags'): Tags {
  return normalize(input, field, false) as Tags;
}

/** As normalizeTags, but `null` values are kept (they delete a key in a merge patch). */
export function normalizeTagPatch(input: unknown, field = 'tags'): Record<string, TagValue | null> {
  return normalize(input, field, true);
}

/** A null-prototype copy of already valid tags (e.g. read back from the store). */
export function toTagMap(tags: Record<string, TagValue>): Tags {
  return Object.assign(Object.create(null) as Tags, tags);
}

function normalize(input: unknown, field: string, allowNull: boolean): Record<string, TagValue | null> {
  if (input === undefined || input === null) return Object.create(null) as Tags;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalid(`Field '${field}' must be an object of key/value pairs, got ${describeValue(input)}.`, field);
  }
  const keys = Object.keys(input);
  if (keys.length > TAG_LIMITS.maxKeys) {
    throw invalid(`Field '${field}' must have at most ${TAG_LIMITS.maxKeys} keys, got ${keys.length}.`, field);
  }
  const out = Object.create(null) as Record<string, TagValue | null>;
  for (const key of keys) {
    out[key] = checkEntry(key, (input as Record<string, unknown>)[key], field, allowNull);
  }
  return out;
}

function checkEntry(key: string, value: unknown, field: string, allowNull: boolean): TagValue | null {
  if (key.length === 0) throw invalid(`Field '${field}' must not have an empty key.`, field);
  if (key.length > TAG_LIMITS.maxKeyLength) {
    throw invalid(
      `Tag key '${key.slice(0, 40)}…' in '${field}' must be at most ${TAG_LIMITS.maxKeyLength} characters, got ${key.length}.`,
      field,
    );
  }
  if (RESERVED_TAG_KEYS.has(key))
    throw invalid(`Tag key '${key}' in '${field}' is reserved and cannot be used.`, field);
  assertWellFormed(key, field, `A tag key in '${field}'`);
  const at = `${field}.${key}`;
  if (value === null && allowNull) return null;
  if (typeof value === 'string') {
    if (value.length > TAG_LIMITS.maxValueLength) {
      throw invalid(`Tag '${at}' must be at most ${TAG_LIMITS.maxValueLength} characters, got ${value.length}.`, at);
    }
    assertWellFormed(value, at, `Tag '${at}'`);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`Tag '${at}' must be a finite number, got ${value}.`, at);
    // -0 stores and compares as 0; keep one spelling.
    return value === 0 ? 0 : value;
  }
  if (typeof value === 'boolean') return value;
  throw invalid(`Tag '${at}' must be a string, number or boolean, got ${describeValue(value)}.`, at);
}

function invalid(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}
