// REST filter query parameters → the one ObjectFilter.
import { describe, expect, it } from 'vitest';
import { listParamsFromQuery } from './query-filter.js';

const q = (s: string) => listParamsFromQuery(new URLSearchParams(s));

describe('listParamsFromQuery', () => {
  it('maps the original parameters and the new ones', () => {
    expect(
      q(
        'type=node,way&tag=kind=ship&tag=name&source_id=s1&limit=5&offset=10&bbox=1,2,3,4&sort=-observed_at&filter=speed>3',
      ),
    ).toEqual({
      filter: {
        types: ['node', 'way'],
        source_ids: ['s1'],
        tags: [
          { key: 'kind', op: '=', value: 'ship' },
          { key: 'name', op: 'exists' },
        ],
        bbox: [1, 2, 3, 4],
        text: 'speed>3',
      },
      sort: { field: 'observed_at', dir: 'desc' },
      limit: 5,
      offset: 10,
    });
  });
  it('reads sort as field, -field or field:dir', () => {
    expect(q('sort=name').sort).toEqual({ field: 'name', dir: 'asc' });
    expect(q('sort=name:desc').sort).toEqual({ field: 'name', dir: 'desc' });
  });
  it('refuses malformed values naming the parameter', () => {
    expect(() => q('bbox=1,2,3')).toThrow(/'bbox'/);
    expect(() => q('limit=-1')).toThrow(/'limit'/);
    expect(() => q('tag==x')).toThrow(/'tag'/);
    expect(() => q('sort=a;drop')).toThrow(/'sort'/);
  });
});
