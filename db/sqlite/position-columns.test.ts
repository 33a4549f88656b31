import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PositionColumns } from '../sql-runner.js';
import { positionColumnsReader } from './position-columns.js';
import { createStatementCache } from './sqlite-runner.js';

/** The lent columns copied (only the filled part), so they outlive the call. */
const copyOf = (c: PositionColumns): PositionColumns => ({
  count: c.count,
  t: c.t.slice(0, c.count),
  lon: c.lon.slice(0, c.count),
  lat: c.lat.slice(0, c.count),
  speed: c.speed.slice(0, c.count),
  heading: c.heading.slice(0, c.count),
  altitude: c.altitude.slice(0, c.count),
});

describe('positionColumnsReader', () => {
  let db: Database.Database;
  let reader: ReturnType<typeof positionColumnsReader>;
  const collect = (rows: SQL, keep: number) =>
    reader(rows, keep, (columns, total) => ({ columns: copyOf(columns), total }));
  const N = 3000;

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(`CREATE TABLE p (k integer NOT NULL, t integer NOT NULL, lon integer NOT NULL, lat integer NOT NULL,
      speed real, heading real, altitude real, PRIMARY KEY (k, t)) WITHOUT ROWID`);
    const insert = db.prepare('INSERT INTO p VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Inserted newest first and interleaved with another object's rows: the order comes from the key.
    db.transaction(() => {
      for (let i = N - 1; i >= 0; i--) {
        insert.run(1, 1000 + i, i * 10, -i, i % 3 ? i / 2 : null, i % 5 ? null : 90, i % 2 ? 100 + i : null);
        insert.run(2, 1000 + i, 0, 0, null, null, null);
      }
    })();
    const statement = createStatementCache(db);
    reader = positionColumnsReader(db, (q) => statement(q));
  });
  afterEach(() => db.close());

  const rowsOf = (from = 0, to = Number.MAX_SAFE_INTEGER) =>
    sql`SELECT t, lon, lat, speed, heading, altitude FROM p WHERE k = 1 AND t >= ${from} AND t <= ${to} ORDER BY t`;
  const expected = (i: number) => ({
    t: 1000 + i,
    lon: i * 10,
    lat: i ? -i : 0,
    speed: i % 3 ? i / 2 : Number.NaN,
    heading: i % 5 ? Number.NaN : 90,
    altitude: i % 2 ? 100 + i : Number.NaN,
  });
  const rowAt = (c: ReturnType<typeof collect>['columns'], j: number) => ({
    t: c.t[j],
    lon: c.lon[j],
    lat: c.lat[j],
    speed: c.speed[j],
    heading: c.heading[j],
    altitude: c.altitude[j],
  });

  it('reads every position oldest first, NaN where a value was null, growing past its first capacity', () => {
    const { columns, total } = collect(rowsOf(), 100_000);
    expect(total).toBe(N);
    expect(columns.count).toBe(N);
    for (const i of [0, 1, 2, 5, 1023, 1024, 2047, 2048, N - 1]) expect(rowAt(columns, i)).toEqual(expected(i));
    expect([...columns.t.subarray(0, N)].every((t, i) => t === 1000 + i)).toBe(true);
  });

  it('keeps the newest `keep` in order when there are more, below and past a growth step', () => {
    for (const keep of [1, 3, 1000, 1500, 2500]) {
      const { columns, total } = collect(rowsOf(), keep);
      expect(total).toBe(N);
      expect(columns.count).toBe(keep);
      const times = [...columns.t.subarray(0, keep)];
      expect(times).toEqual(Array.from({ length: keep }, (_, j) => 1000 + N - keep + j));
      expect(rowAt(columns, keep - 1)).toEqual(expected(N - 1));
      expect(rowAt(columns, 0)).toEqual(expected(N - keep));
    }
  });

  it('answers an empty window with no positions, and a window exactly `keep` long whole', () => {
    expect(collect(rowsOf(0, 999), 10)).toMatchObject({ total: 0, columns: { count: 0 } });
    const { columns, total } = collect(rowsOf(1000, 1009), 10);
    expect(total).toBe(10);
    expect([...columns.t.subarray(0, columns.count)]).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i));
  });

  it('reuses its columns: a shorter or narrower collection after a longer one holds only its own rows', () => {
    expect(collect(rowsOf(), 100_000).total).toBe(N);
    const { columns, total } = collect(rowsOf(1000, 1099), 100_000);
    expect(total).toBe(100);
    expect(columns.count).toBe(100);
    expect(rowAt(columns, 99)).toEqual(expected(99));
    // A `keep` below the reused capacity wraps at `keep`, not at the columns' length.
    const last = collect(rowsOf(), 7);
    expect(last.columns.count).toBe(7);
    expect([...last.columns.t]).toEqual(Array.from({ length: 7 }, (_, j) => 1000 + N - 7 + j));
    expect(rowAt(last.columns, 6)).toEqual(expected(N - 1));
  });

  it('lends the columns to `read` only: a collection inside `read` does not write over them', () => {
    const seen = reader(rowsOf(), 100_000, (outer, total) => {
      const inner = reader(rowsOf(1000, 1009), 100_000, (c) => [...c.t.subarray(0, c.count)]);
      expect(inner).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i));
      return { total, count: outer.count, first: rowAt(outer, 0), lastT: outer.t[N - 1] };
    });
    expect(seen).toEqual({ total: N, count: N, first: expected(0), lastT: 1000 + N - 1 });
  });
});
