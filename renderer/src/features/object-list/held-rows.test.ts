import { describe, expect, it } from 'vitest';
import type { OsmObject } from '../../../../electron/contract/domain.js';
import { countHeldBack, holdRows, indexOfId, type RowSet } from './held-rows.js';

const obj = (id: string, speed = 0) => ({ id, osm_id: id, tags: { speed } }) as unknown as OsmObject;
const set = (total: number, ids: string[], first = 0): RowSet => ({
  total,
  rows: new Map(ids.map((id, i) => [first + i, obj(id)])),
});
const ids = (s: RowSet) => [...s.rows.entries()].sort(([a], [b]) => a - b).map(([, o]) => o.id);

describe('holdRows', () => {
  it('keeps every shown row at its index and gives it its newest version from live', () => {
    const shown = set(3, ['a', 'b', 'c']);
    const live: RowSet = {
      total: 4,
      rows: new Map([
        [0, obj('d')],
        [1, obj('c', 9)],
        [2, obj('a', 7)],
        [3, obj('b')],
      ]),
    };
    const held = holdRows(shown, live);
    expect(ids(held)).toEqual(['a', 'b', 'c']);
    expect(held.total).toBe(3);
    expect(held.rows.get(0)!.tags.speed).toBe(7);
    expect(held.rows.get(2)!.tags.speed).toBe(9);
  });

  it('keeps a row that left the live rows as it was', () => {
    const held = holdRows(set(2, ['a', 'b']), set(1, ['b']));
    expect(ids(held)).toEqual(['a', 'b']);
  });

  it('fills indices scrolled to since from live, within the held length only', () => {
    const shown = set(300, ['a', 'b']);
    const live: RowSet = {
      total: 400,
      rows: new Map([
        [200, obj('x')],
        [350, obj('y')],
      ]),
    };
    const held = holdRows(shown, live);
    expect(held.rows.get(200)!.id).toBe('x');
    expect(held.rows.has(350)).toBe(false);
  });

  it('gives the same rows when applied twice (a repeated render)', () => {
    const live = set(3, ['c', 'a', 'b']);
    const once = holdRows(set(3, ['a', 'b', 'c']), live);
    expect(ids(holdRows(once, live))).toEqual(ids(once));
  });
});

describe('countHeldBack', () => {
  it('is 0 when live is in the shown order', () => {
    expect(countHeldBack(set(3, ['a', 'b', 'c']), set(3, ['a', 'b', 'c']))).toBe(0);
  });

  it('counts rows that arrived and the fewest rows the sort moved, not the rows they pushed down', () => {
    // d arrived on top and pushed every row down one place: one row is new.
    expect(countHeldBack(set(3, ['a', 'b', 'c']), set(4, ['d', 'a', 'b', 'c']))).toBe(1);
    // c reported again and jumped to the top: one row moved.
    expect(countHeldBack(set(3, ['a', 'b', 'c']), set(3, ['c', 'a', 'b']))).toBe(1);
    // The order reversed: all but one moved.
    expect(countHeldBack(set(4, ['a', 'b', 'c', 'd']), set(4, ['d', 'c', 'b', 'a']))).toBe(3);
  });

  it('compares the loaded rows by their place in the list, wherever they are loaded', () => {
    const shown: RowSet = {
      total: 300,
      rows: new Map([
        [0, obj('a')],
        [1, obj('b')],
        [200, obj('x')],
        [201, obj('y')],
      ]),
    };
    const live: RowSet = {
      total: 300,
      rows: new Map([
        [201, obj('x')],
        [200, obj('y')],
        [1, obj('b')],
        [0, obj('a')],
      ]),
    };
    expect(countHeldBack(shown, live)).toBe(1);
  });

  it('counts rows added beyond the loaded ones by the grown total', () => {
    expect(countHeldBack(set(100, ['a']), set(105, ['a']))).toBe(5);
  });
});

describe('indexOfId', () => {
  it('finds a loaded row, or answers -1', () => {
    expect(indexOfId(set(500, ['p', 'q'], 200), 'q')).toBe(201);
    expect(indexOfId(set(2, ['p', 'q']), 'z')).toBe(-1);
  });
});
