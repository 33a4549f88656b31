// formatFilterText round trip (property test) and the forms it writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OBJECT_TYPES, type ObjectFilter, type TagCondition } from '../contract/domain.js';
import { formatFilterText, normalizeFilter, NOTHING_TEXT } from './format.js';
import { parseFilterText } from './parse.js';

const text = fc.oneof(
  fc.constantFrom(
    '',
    'stale',
    'type',
    'has',
    '-x',
    'a b',
    'a"b',
    'a\\b',
    'x:y',
    'k=v',
    '!=',
    ',',
    'ünï',
    '😀',
    '\n',
    '"',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }).filter((s) => !s.includes('\u0000')),
);
const key = text.filter((s) => s.length > 0 && s.length <= 255);
const num = fc.double({ noNaN: true, noDefaultInfinity: true });
const regex = fc.constantFrom('^Ever', 'a|b', '[a-z]+\\d?', '\\.', '"', '\\\\', '');
const tag: fc.Arbitrary<TagCondition> = fc.oneof(
  fc.record({ key, op: fc.constantFrom('exists' as const, 'missing' as const) }),
  fc.record({ key, op: fc.constantFrom('=' as const, '!=' as const), value: fc.oneof(text, num) }),
  fc.record({ key, op: fc.constant('~' as const), value: regex }),
  fc.record({ key, op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const), value: num }),
);
const lon = fc.double({ min: -180, max: 180, noNaN: true });
const lat = fc.double({ min: -90, max: 90, noNaN: true });
const iso = fc.oneof(
  fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.5+02:00', '2024-06-30T23:59:59-05:30'),
);
const filter: fc.Arbitrary<ObjectFilter> = fc.record(
  {
    types: fc.subarray([...OBJECT_TYPES], { minLength: 1 }),
    kinds: fc.array(text, { minLength: 1, maxLength: 3 }),
    source_ids: fc.array(text, { minLength: 1, maxLength: 3 }),
    tags: fc.array(tag, { maxLength: 4 }),
    bbox: fc
      .tuple(lon, lat, lon, lat)
      .map(([a, b, c, d]): [number, number, number, number] => [
        Math.min(a, c),
        Math.min(b, d),
        Math.max(a, c),
        Math.max(b, d),
      ]),
    q: text,
    observed_after: iso,
    observed_before: iso,
    stale: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('formatFilterText', () => {
  it('round-trips: parse(format(f)) equals normalize(f) (1,000 random filters)', () => {
    fc.assert(
      fc.property(filter, (f) => {
        const written = formatFilterText(f);
        const parsed = parseFilterText(written);
        if (!parsed.ok) throw new Error(`${parsed.error.message} (from ${JSON.stringify(f)})`);
        expect(normalizeFilter(parsed.filter)).toEqual(normalizeFilter(f));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes the documented forms', () => {
    expect(
      formatFilterText({
        types: ['node', 'way'],
        kinds: ['ship', 'fishing boat'],
        tags: [
          { key: 'speed', op: '>', value: 10 },
          { key: 'name', op: '~', value: '^Ever' },
          { key: 'draft', op: 'missing' },
          { key: 'my key', op: '=', value: 'a"b' },
        ],
        bbox: [-10, -5, 10, 5],
        observed_after: '2024-01-01T00:00:00Z',
        stale: false,
        q: 'Ever Given',
      }),
    ).toBe(
      'type:node,way kind:ship,"fishing boat" speed>10 name~"^Ever" -has:draft "my key"="a\\"b" bbox:-10,-5,10,5 after:2024-01-01T00:00:00Z -stale "Ever Given"',
    );
  });

  it('writes an empty list (matches nothing) as -type:node,way,relation, which parses to types: []', () => {
    expect(formatFilterText({ kinds: [] })).toBe(NOTHING_TEXT);
    expect(parseFilterText(NOTHING_TEXT)).toEqual({ ok: true, filter: { types: [] } });
  });

  it('appends text verbatim and writes nothing for an empty filter', () => {
    expect(formatFilterText({})).toBe('');
    expect(formatFilterText({ stale: true, text: 'kind=ship' })).toBe('stale kind=ship');
  });
});
