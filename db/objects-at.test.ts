import { describe, expect, it } from 'vitest';
import { compareBinaryText, compareRowsAsSqlite } from './object-order.js';
import { pageOf } from './objects-at.js';

describe('pageOf', () => {
  const byValue = (a: number, b: number) => a - b;
  const shuffled = (n: number) => Array.from({ length: n }, (_, i) => (i * 7919) % n);

  it('answers the page and the total as a full sort would, however few rows it keeps', () => {
    const rows = shuffled(500);
    for (const [offset, limit] of [
      [0, 10],
      [37, 5],
      [490, 20],
      [600, 10],
      [0, 1000],
    ] as const) {
      const expected = [...rows].sort(byValue).slice(offset, offset + limit);
      expect(pageOf(rows, byValue, offset, limit, 0)).toEqual({ page: expected, total: 500 });
      expect(pageOf(rows, byValue, offset, limit)).toEqual({ page: expected, total: 500 });
    }
  });

  it('answers an empty page with a zero total for no rows', () => {
    expect(pageOf([], byValue, 0, 10)).toEqual({ page: [], total: 0 });
  });
});

describe('compareBinaryText', () => {
  const sqliteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

  it('orders text by its UTF-8 bytes, as SQLite does, where UTF-16 code units disagree', () => {
    const texts = [
      'a',
      'ab',
      'B',
      '',
      'é',
      '\uFF5E',
      '\u{1F6A2}',
      '\u{1F6A2}x',
      '\uFFFD',
      'z\uE000',
      'z\u{10000}',
      '10',
      '9',
    ];
    for (const a of texts) {
      for (const b of texts) expect(Math.sign(compareBinaryText(a, b))).toBe(Math.sign(sqliteOrder(a, b)));
    }
  });
});

describe('compareRowsAsSqlite', () => {
  const rows: [string, string | number | null][] = [
    ['d', null],
    ['a', 'x'],
    ['c', 2],
    ['b', 2],
    ['e', 10],
    ['f', 'X'],
  ];
  const ids = (sort: Parameters<typeof compareRowsAsSqlite>[0]) =>
    [...rows].sort(compareRowsAsSqlite(sort, 1, 0)).map((r) => r[0]);

  it('puts numbers before text, nulls last in either direction, and breaks ties by id', () => {
    expect(ids({ field: 'name', dir: 'asc' })).toEqual(['b', 'c', 'e', 'f', 'a', 'd']);
    expect(ids({ field: 'name', dir: 'desc' })).toEqual(['a', 'f', 'e', 'b', 'c', 'd']);
    expect(ids(undefined)).toEqual(['a', 'f', 'e', 'b', 'c', 'd']);
  });
});
