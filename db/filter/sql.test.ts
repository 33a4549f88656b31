// compileFilterSql: the shape of the SQL per dialect and that user values are always bound.
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import type { ObjectFilter } from '../../electron/contract/domain.js';
import { compileFilterSql, likeContains } from './sql.js';
import { sameStaleAfter } from '../../electron/contract/staleness.js';

const ctx = { now: 1_000_000, staleAfter: sameStaleAfter(1) };
const sqlite = (f: ObjectFilter) => new SQLiteSyncDialect().sqlToQuery(compileFilterSql(f, 'sqlite', ctx));
const pg = (f: ObjectFilter) => new PgDialect().sqlToQuery(compileFilterSql(f, 'postgres', ctx));

describe('compileFilterSql', () => {
  it('compiles an empty filter to true and contradictions or empty lists to false', () => {
    expect(sqlite({}).sql).toBe('1 = 1');
    expect(pg({}).sql).toBe('1 = 1');
    expect(sqlite({ stale: true, text: '-stale' }).sql).toBe('1 = 0');
    expect(sqlite({ types: [] }).sql).toBe('(1 = 0)');
  });

  it('never puts user data into the SQL text', () => {
    const marker = 'Zq\'"x;--';
    const f: ObjectFilter = {
      kinds: [marker],
      source_ids: [marker],
      tags: [
        { key: marker, op: '=', value: marker },
        { key: marker, op: '~', value: 'Zq' },
        { key: marker, op: 'exists' },
      ],
      q: marker,
    };
    for (const q of [sqlite(f), pg(f)]) {
      expect(q.sql).not.toContain('Zq');
      expect(JSON.stringify(q.params)).toContain('Zq');
    }
  });

  it('SQLite: bbox goes through the R*Tree and is re-checked on the exact columns', () => {
    const q = sqlite({ bbox: [1, 2, 3, 4] });
    expect(q.sql).toBe(
      '((o.rowid IN (SELECT id FROM osm_objects_rtree WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?) AND o.min_lon <= ? AND o.max_lon >= ? AND o.min_lat <= ? AND o.max_lat >= ?))',
    );
    expect(q.params).toEqual([3, 1, 4, 2, 3, 1, 4, 2]);
  });

  it('Postgres: bbox uses the GiST box column with && and the exact columns', () => {
    expect(pg({ bbox: [1, 2, 3, 4] }).sql).toContain(
      'o.bbox && box(point($1::float8, $2::float8), point($3::float8, $4::float8))',
    );
  });

  it('SQLite: tags by JSON path, or json_each for keys a path cannot name', () => {
    expect(sqlite({ tags: [{ key: 'a.b', op: 'exists' }] })).toEqual(
      expect.objectContaining({ sql: '(json_type(o.tags, ?) IS NOT NULL)', params: ['$."a.b"'] }),
    );
    expect(sqlite({ tags: [{ key: 'x"y', op: 'exists' }] }).sql).toBe(
      '((SELECT j.type FROM json_each(o.tags) j WHERE j.key = ?) IS NOT NULL)',
    );
    expect(sqlite({ tags: [{ key: 'a\\b', op: 'missing' }] }).sql).toContain('json_each');
  });

  it('SQLite: = checks the text, number and boolean forms only when the value can have them', () => {
    expect(sqlite({ tags: [{ key: 'k', op: '=', value: 'ship' }] }).sql).not.toContain("'integer'");
    const n = sqlite({ tags: [{ key: 'k', op: '=', value: '10' }] });
    expect(n.sql).toContain("IN ('integer', 'real')");
    expect(n.params).toContain(10);
    expect(sqlite({ tags: [{ key: 'k', op: '=', value: '10.0' }] }).sql).not.toContain("'integer'");
    expect(sqlite({ tags: [{ key: 'k', op: '=', value: 'true' }] }).sql).toContain('json_type(o.tags, ?) = ?');
    expect(sqlite({ tags: [{ key: 'k', op: '!=', value: 'x' }] }).sql).toMatch(/^\(NOT coalesce\(/u);
  });

  it('Postgres: = uses jsonb containment (GIN) for each form; exists uses ?', () => {
    const q = pg({
      tags: [
        { key: 'k', op: '=', value: '10' },
        { key: 'k', op: 'exists' },
      ],
    });
    expect(q.sql).toBe('((o.tags @> $1::jsonb OR o.tags @> $2::jsonb) AND (o.tags ? $3::text))');
    expect(q.params).toEqual(['{"k":"10"}', '{"k":10}', 'k']);
  });

  it('SQLite regex calls the regexp() user function; Postgres gets the translated ARE', () => {
    expect(sqlite({ tags: [{ key: 'n', op: '~', value: '^a.' }] }).sql).toContain('regexp(?, json_extract(o.tags, ?))');
    expect(pg({ tags: [{ key: 'n', op: '~', value: '^a\\d' }] }).params).toContain('^a[0-9]');
  });

  it('Postgres refuses a regex outside the supported subset, naming the field', () => {
    expect(() => pg({ tags: [{ key: 'n', op: '~', value: '(?=a)' }] })).toThrow(
      "Field 'tags[0].value' uses (?=, which the Postgres store does not support, in '(?=a)'.",
    );
    expect(sqlite({ tags: [{ key: 'n', op: '~', value: '(?=a)' }] }).sql).toContain('regexp');
  });

  it('free text escapes LIKE wildcards and lower-cases ASCII only', () => {
    expect(likeContains('50%_a\\B')).toBe('%50\\%\\_a\\\\b%');
    expect(likeContains('ÄB')).toBe('%Äb%');
    expect(sqlite({ q: 'x' }).sql).toContain("lower(o.name) LIKE ? ESCAPE '\\'");
    expect(pg({ q: 'x' }).sql).toContain("translate(o.name, $1::text, $2::text) LIKE $3::text ESCAPE '\\'");
  });

  it("times compare epoch ms; stale is the own expiry (cot:stale) or a tracked object past its kind's threshold", () => {
    const q = sqlite({ observed_after: '1970-01-01T00:00:01Z', observed_before: '1970-01-01T00:00:02Z', stale: true });
    expect(q.sql).toBe(
      "(o.observed_at >= ? AND o.observed_at < ? AND (CASE WHEN coalesce(json_type(o.tags, ?) = 'text', 0) THEN json_extract(o.tags, ?) <= ? ELSE ((json_type(o.tags, ?) IS NOT NULL OR json_type(o.tags, ?) IS NOT NULL OR json_type(o.tags, ?) IS NOT NULL) AND coalesce(o.observed_at < ?, 0)) END))",
    );
    expect(q.params).toEqual([
      1000,
      2000,
      '$."cot:stale"',
      '$."cot:stale"',
      new Date(1_000_000).toISOString(),
      '$."kind"',
      '$."speed"',
      '$."heading"',
      999_000,
    ]);
    expect(sqlite({ stale: false }).sql).toMatch(/^\(NOT \(CASE WHEN /);
    expect(pg({ stale: true }).sql).toContain("jsonb_typeof(o.tags -> $1::text) = 'string'");
  });

  it('stale per kind: one branch per distinct threshold on the kind column, never-kinds false, the rest on other', () => {
    const perKind = { now: 1_000_000, staleAfter: { ...sameStaleAfter(60), aircraft: 10, drone: 10, ship: null } };
    const q = new SQLiteSyncDialect().sqlToQuery(compileFilterSql({ stale: true }, 'sqlite', perKind));
    expect(q.sql).toContain(
      'coalesce((CASE WHEN o.kind IN (?, ?) THEN o.observed_at < ? WHEN o.kind IN (?) THEN 1 = 0 ELSE o.observed_at < ? END), 0)',
    );
    expect(q.params.slice(-5)).toEqual(['aircraft', 'drone', 990_000, 'ship', 940_000]);
    const p = new PgDialect().sqlToQuery(compileFilterSql({ stale: false }, 'postgres', perKind));
    expect(p.sql).toContain('o.observed_at < $');
    expect(p.sql).toContain('::bigint');
  });

  it('types, kinds and sources use IN lists on the columns', () => {
    expect(pg({ types: ['node'], kinds: ['ship', 'car'], source_ids: ['s'] }).sql).toBe(
      '(o.type IN ($1) AND o.kind IN ($2, $3) AND o.source_id IN ($4))',
    );
  });
});
