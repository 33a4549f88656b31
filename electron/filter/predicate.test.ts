// The in-memory predicate: each semantic rule of docs/filter.md, accepted and rejected.
import { describe, expect, it } from 'vitest';
import type { ObjectFilter, OsmObject, Tags } from '../contract/domain.js';
import { compilePredicate } from './predicate.js';
import { sameStaleAfter } from '../contract/staleness.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const ctx = { now: NOW, staleAfter: sameStaleAfter(60) };

function obj(tags: Tags, over: Partial<OsmObject> = {}): OsmObject {
  return {
    id: 'id-1',
    osm_id: 'Ship-42',
    type: 'node',
    tags,
    geom: { type: 'Point', coordinates: [10, 50] },
    source_id: 'src',
    observed_at: new Date(NOW).toISOString(),
    created_at: new Date(NOW).toISOString(),
    updated_at: new Date(NOW).toISOString(),
    ...over,
  };
}
const matches = (filter: ObjectFilter, o: OsmObject): boolean => compilePredicate(filter, ctx)(o);

describe('compilePredicate', () => {
  it('= and != compare the string form of strings, numbers and booleans', () => {
    const o = obj({ s: 'ship', n: 10.5, big: 1e21, b: true });
    expect(matches({ tags: [{ key: 's', op: '=', value: 'ship' }] }, o)).toBe(true);
    expect(matches({ tags: [{ key: 's', op: '=', value: 'Ship' }] }, o)).toBe(false);
    expect(matches({ tags: [{ key: 'n', op: '=', value: '10.5' }] }, o)).toBe(true);
    expect(matches({ tags: [{ key: 'n', op: '=', value: 10.5 }] }, o)).toBe(true);
    expect(matches({ tags: [{ key: 'n', op: '=', value: '10.50' }] }, o)).toBe(false);
    expect(matches({ tags: [{ key: 'big', op: '=', value: '1e+21' }] }, o)).toBe(true);
    expect(matches({ tags: [{ key: 'b', op: '=', value: 'true' }] }, o)).toBe(true);
    expect(matches({ tags: [{ key: 'b', op: '=', value: '1' }] }, o)).toBe(false);
    expect(matches({ tags: [{ key: 's', op: '!=', value: 'car' }] }, o)).toBe(true);
    expect(matches({ tags: [{ key: 's', op: '!=', value: 'ship' }] }, o)).toBe(false);
  });

  it('!= matches objects without the key; = does not', () => {
    expect(matches({ tags: [{ key: 'kind', op: '!=', value: 'ship' }] }, obj({}))).toBe(true);
    expect(matches({ tags: [{ key: 'kind', op: '=', value: 'ship' }] }, obj({}))).toBe(false);
  });

  it('exists and missing test the key only', () => {
    expect(matches({ tags: [{ key: 'x', op: 'exists' }] }, obj({ x: false }))).toBe(true);
    expect(matches({ tags: [{ key: 'x', op: 'exists' }] }, obj({}))).toBe(false);
    expect(matches({ tags: [{ key: 'x', op: 'missing' }] }, obj({}))).toBe(true);
    expect(matches({ tags: [{ key: 'toString', op: 'exists' }] }, obj({}))).toBe(false);
  });

  it('numeric comparisons match JSON numbers only, never numeric strings', () => {
    expect(matches({ tags: [{ key: 'speed', op: '>', value: 10 }] }, obj({ speed: 11 }))).toBe(true);
    expect(matches({ tags: [{ key: 'speed', op: '>', value: 10 }] }, obj({ speed: 10 }))).toBe(false);
    expect(matches({ tags: [{ key: 'speed', op: '>=', value: 10 }] }, obj({ speed: 10 }))).toBe(true);
    expect(matches({ tags: [{ key: 'speed', op: '<', value: 10 }] }, obj({ speed: -1 }))).toBe(true);
    expect(matches({ tags: [{ key: 'speed', op: '<=', value: 10 }] }, obj({ speed: 10.0001 }))).toBe(false);
    expect(matches({ tags: [{ key: 'speed', op: '>', value: 10 }] }, obj({ speed: '11' }))).toBe(false);
    expect(matches({ tags: [{ key: 'speed', op: '>', value: 0 }] }, obj({ speed: true }))).toBe(false);
  });

  it('~ matches string values with JavaScript regex semantics (u flag)', () => {
    expect(matches({ tags: [{ key: 'name', op: '~', value: '^Ever' }] }, obj({ name: 'Ever Given' }))).toBe(true);
    expect(matches({ tags: [{ key: 'name', op: '~', value: '^ever' }] }, obj({ name: 'Ever Given' }))).toBe(false);
    expect(matches({ tags: [{ key: 'name', op: '~', value: '^.$' }] }, obj({ name: '😀' }))).toBe(true);
    expect(matches({ tags: [{ key: 'n', op: '~', value: '1' }] }, obj({ n: 1 }))).toBe(false);
  });

  it('q is an ASCII-case-insensitive substring of name or osm_id', () => {
    expect(matches({ q: 'ever GIVEN' }, obj({ name: 'Ever Given' }))).toBe(true);
    expect(matches({ q: 'ship-4' }, obj({}))).toBe(true);
    expect(matches({ q: 'ä' }, obj({ name: 'Ä' }))).toBe(false);
    expect(matches({ q: 'x' }, obj({ name: 'Ever' }))).toBe(false);
    expect(matches({ q: '12' }, obj({ name: 123 }))).toBe(true);
  });

  it('types, kinds and source ids are sets; an empty list matches nothing', () => {
    const o = obj({ kind: 'ship' });
    expect(matches({ types: ['node', 'way'], kinds: ['ship'], source_ids: ['src'] }, o)).toBe(true);
    expect(matches({ types: ['way'] }, o)).toBe(false);
    expect(matches({ kinds: ['car'] }, o)).toBe(false);
    expect(matches({ kinds: ['10'] }, obj({ kind: 10 }))).toBe(true);
    expect(matches({ source_ids: [] }, o)).toBe(false);
  });

  it('bbox: the object bbox intersects the filter bbox (edges included)', () => {
    const line = obj(
      {},
      {
        type: 'way',
        geom: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [10, 10],
          ],
        },
      },
    );
    expect(matches({ bbox: [5, 5, 20, 20] }, line)).toBe(true);
    expect(matches({ bbox: [10, 10, 20, 20] }, line)).toBe(true);
    expect(matches({ bbox: [10.001, 0, 20, 20] }, line)).toBe(false);
    expect(matches({ bbox: [9, 49, 11, 51] }, obj({}))).toBe(true);
  });

  it('time window: after is inclusive, before exclusive', () => {
    const o = obj({});
    const at = new Date(NOW).toISOString();
    expect(matches({ observed_after: at }, o)).toBe(true);
    expect(matches({ observed_before: at }, o)).toBe(false);
    expect(matches({ observed_before: new Date(NOW + 1).toISOString() }, o)).toBe(true);
  });

  it('stale: a tracked object not observed for more than its threshold before ctx.now; ctx may come per call', () => {
    const fresh = obj({ kind: 'ship' }, { observed_at: new Date(NOW - 60_000).toISOString() });
    const old = obj({ kind: 'ship' }, { observed_at: new Date(NOW - 60_001).toISOString() });
    expect(matches({ stale: true }, old)).toBe(true);
    expect(matches({ stale: true }, fresh)).toBe(false);
    expect(matches({ stale: false }, fresh)).toBe(true);
    const p = compilePredicate({ stale: true });
    expect(p(fresh, { now: NOW + 1, staleAfter: sameStaleAfter(60) })).toBe(true);
    expect(() => p(fresh)).toThrow('A FilterContext is required');
  });

  it('stale: a static object (no kind, speed or heading) never is; an own expiry (cot:stale) decides alone', () => {
    const building = obj({ building: 'yes' }, { observed_at: '2019-01-01T00:00:00.000Z' });
    expect(matches({ stale: true }, building)).toBe(false);
    expect(matches({ stale: false }, building)).toBe(true);
    const at = (offset: number) => new Date(NOW + offset).toISOString();
    const expired = obj({ kind: 'person', 'cot:stale': at(-1) }, { observed_at: at(0) });
    const valid = obj({ kind: 'person', 'cot:stale': at(60_000) }, { observed_at: '2019-01-01T00:00:00.000Z' });
    expect(matches({ stale: true }, expired)).toBe(true);
    expect(matches({ stale: true }, valid)).toBe(false);
  });

  it('text is ANDed in and contradictions match nothing', () => {
    expect(matches({ kinds: ['ship'], text: 'speed>1' }, obj({ kind: 'ship', speed: 2 }))).toBe(true);
    expect(matches({ kinds: ['ship'], text: 'speed>1' }, obj({ kind: 'ship', speed: 1 }))).toBe(false);
    expect(matches({ stale: false, text: 'stale' }, obj({}))).toBe(false);
  });
});
