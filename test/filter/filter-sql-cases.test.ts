/**
 * Hand-picked traps on the real stores (SQLite always, Postgres when TEST_DATABASE_URL is set):
 * booleans stored as 1/0, number text forms, odd keys, LIKE wildcards, R*Tree float rounding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectFilter, OsmObject } from '../../electron/contract/domain.js';
import type { IngestOp } from '../../db/store.js';
import { compileFilterSql } from '../../db/filter/index.js';
import { compilePredicate } from '../../electron/filter/index.js';
import { sameStaleAfter } from '../../electron/contract/staleness.js';
import {
  createSources,
  openPgTarget,
  openSqliteTarget,
  replacePopulation,
  type FilterTarget,
} from './filter-targets.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const ctx = { now: NOW, staleAfter: sameStaleAfter(60) };
const targets: FilterTarget[] = [];
let objects: OsmObject[] = [];

function node(
  osmId: string,
  tags: Record<string, string | number | boolean>,
  lon = 0,
  lat = 0,
  observedAt = NOW,
): Omit<IngestOp & { op: 'upsert' }, 'sourceId'> {
  return { op: 'upsert', type: 'node', osmId, tags, geom: { type: 'Point', coordinates: [lon, lat] }, observedAt };
}
const POPULATION = [
  node('bool-true', { flag: true, name: 'Flag' }),
  node('one', { flag: 1, speed: 1 }),
  node('str-true', { flag: 'true', speed: '12' }),
  node('big', { n: 1e21, speed: 1.5e-7 }),
  node('quote', { 'x"y': 'q', 'a\\b': 'bs', 'a.b': 'dot', kind: 'Ship' }),
  node('pct', { name: '50%_off' }, 0.1, 0.1),
  node('fine', { name: 'fifty' }, 0.1 + 1e-9, 0.1),
  node('old', { kind: 'ship', speed: 20 }, 5, 5, NOW - 60_001),
  node('edge', { kind: 'ship', speed: 10 }, 5, 5, NOW - 60_000),
  node('building', { building: 'yes' }, 6, 6, NOW - 86_400_000),
  node('cot-expired', { kind: 'person', 'cot:stale': new Date(NOW - 1).toISOString() }, 7, 7, NOW),
  node('cot-valid', { kind: 'person', 'cot:stale': new Date(NOW + 60_000).toISOString() }, 7, 7, NOW - 86_400_000),
];

const CASES: Array<[string, ObjectFilter, string[]]> = [
  ['flag=true matches the boolean and the string, not 1', { text: 'flag=true' }, ['bool-true', 'str-true']],
  ['flag=1 matches the number, not the boolean', { text: 'flag=1' }, ['one']],
  [
    'flag!=true keeps objects without the key',
    { text: 'flag!=true' },
    ['big', 'building', 'cot-expired', 'cot-valid', 'edge', 'fine', 'old', 'one', 'pct', 'quote'],
  ],
  ['n=1e+21 matches the number by its JS text form', { text: 'n=1e+21' }, ['big']],
  ['speed=1.5e-7 too', { tags: [{ key: 'speed', op: '=', value: 1.5e-7 }] }, ['big']],
  ['numeric comparisons skip numeric strings', { text: 'speed>5' }, ['edge', 'old']],
  ['keys with quotes, backslashes and dots', { text: '"x\\"y"=q "a\\\\b"=bs a.b=dot' }, ['quote']],
  ['kind: is case-sensitive', { text: 'kind:ship' }, ['edge', 'old']],
  ['free text is ASCII-case-insensitive and escapes LIKE wildcards', { q: '50%_OFF' }, ['pct']],
  ['free text _ is literal', { q: '_' }, ['pct']],
  ['bbox edge included; float32 R*Tree rounding re-checked exactly', { bbox: [0.1, 0.1, 0.1, 0.1] }, ['pct']],
  [
    'stale: tracked and strictly older than staleAfterMs, or past its own cot:stale; static never',
    { text: 'stale' },
    ['cot-expired', 'old'],
  ],
  ['regex on strings', { text: 'name~^F' }, ['bool-true']],
];

beforeAll(async () => {
  targets.push(await openSqliteTarget());
  if (process.env.TEST_DATABASE_URL) targets.push(await openPgTarget(process.env.TEST_DATABASE_URL));
  for (const t of targets) {
    const [source] = await createSources(t.store);
    const stored = await replacePopulation(
      t.store,
      POPULATION.map((o) => ({ ...o, sourceId: source as string })),
    );
    if (t === targets[0]) objects = stored;
  }
});

afterAll(async () => {
  for (const t of targets) await t.close();
});

describe('filter SQL on the real stores: traps', () => {
  it.each(CASES)('%s', async (_name, filter, want) => {
    const predicate = compilePredicate(filter, ctx);
    expect(
      objects
        .filter((o) => predicate(o))
        .map((o) => o.osm_id)
        .sort(),
    ).toEqual(want);
    for (const t of targets) expect(await t.ids(compileFilterSql(filter, t.dialect, ctx)), t.dialect).toEqual(want);
  });

  it.each([
    ['ship 2 min: the 60,001 ms old ship is fresh', { ship: 120 }, ['cot-expired']],
    ['ship never: no ship is stale', { ship: null }, ['cot-expired']],
    ['ship 60 s, other never: the old ship only', { ship: 60, other: null }, ['cot-expired', 'old']],
  ] as const)('stale per kind: %s', async (_name, patch, want) => {
    const perKind = { now: NOW, staleAfter: { ...sameStaleAfter(60), ...patch } };
    const predicate = compilePredicate({ text: 'stale' }, perKind);
    expect(
      objects
        .filter((o) => predicate(o))
        .map((o) => o.osm_id)
        .sort(),
    ).toEqual(want);
    for (const t of targets) {
      expect(await t.ids(compileFilterSql({ text: 'stale' }, t.dialect, perKind)), t.dialect).toEqual(want);
    }
  });

  it('the store lists through the same SQL', async () => {
    for (const t of targets) {
      const { items } = await t.store.listObjects({ filter: { text: 'kind:ship speed>=10' }, context: ctx });
      expect(items.map((o) => o.osm_id).sort(), t.dialect).toEqual(['edge', 'old']);
    }
  });
});
