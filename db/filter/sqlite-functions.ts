/**
 * SQLite user functions the compiled filter SQL needs: `regexp(pattern, value)` with JavaScript
 * semantics (`u` flag), deterministic, with a small cache of compiled patterns.
 */
import type BetterSqlite3 from 'better-sqlite3';

const CACHE_SIZE = 64;

/** A matcher with a bounded cache of compiled RegExps (least recently used evicted). */
export function createRegexpMatcher(cacheSize = CACHE_SIZE): (pattern: unknown, value: unknown) => 0 | 1 {
  const cache = new Map<string, RegExp>();
  return (pattern, value) => {
    if (typeof pattern !== 'string' || typeof value !== 'string') return 0;
    let re = cache.get(pattern);
    if (re) {
      cache.delete(pattern);
    } else {
      re = new RegExp(pattern, 'u');
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    }
    cache.set(pattern, re);
    return re.test(value) ? 1 : 0;
  };
}

/** Registers the filter's SQLite functions on `db`; the store calls this when it opens a connection. */
export function registerSqliteFilterFunctions(db: BetterSqlite3.Database): void {
  db.function('regexp', { deterministic: true, varargs: false }, createRegexpMatcher());
}
