// The SQLite regexp() user function: JavaScript semantics, non-strings never match, bounded cache.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createRegexpMatcher, registerSqliteFilterFunctions } from './sqlite-functions.js';

describe('registerSqliteFilterFunctions', () => {
  it('registers regexp(pattern, value) with JavaScript u-flag semantics', () => {
    const db = new Database(':memory:');
    registerSqliteFilterFunctions(db);
    const q = db.prepare<[string, unknown], { m: number }>('SELECT regexp(?, ?) AS m');
    expect(q.get('^Ev.r$', 'Ever')?.m).toBe(1);
    expect(q.get('^ever$', 'Ever')?.m).toBe(0);
    expect(q.get('^.$', '😀')?.m).toBe(1);
    expect(q.get('1', 1)?.m).toBe(0);
    expect(q.get('x', null)?.m).toBe(0);
    expect(() => q.get('(', 'x')).toThrow();
    db.close();
  });

  it('keeps at most cacheSize compiled patterns and still answers correctly after eviction', () => {
    const match = createRegexpMatcher(2);
    expect(match('a', 'a')).toBe(1);
    expect(match('b', 'a')).toBe(0);
    expect(match('c', 'c')).toBe(1);
    expect(match('a', 'xa')).toBe(1);
  });
});
