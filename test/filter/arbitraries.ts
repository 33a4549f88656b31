/**
 * fast-check generators for the filter property tests: objects with tricky tags and geometries,
 * and filters drawn from the semantics every dialect guarantees (docs/filter.md).
 */
import fc from 'fast-check';
import { OBJECT_TYPES } from '../../electron/contract/domain.js';
import type {
  Bbox,
  Geometry,
  ObjectFilter,
  ObjectType,
  TagCondition,
  TagValue,
} from '../../electron/contract/domain.js';
import type { IngestOp } from '../../db/store.js';
import { formatFilterText } from '../../electron/filter/index.js';
import { STALE_KINDS, type StaleThresholds } from '../../electron/contract/staleness.js';

/** "now" for every case; observed times are spread around it. */
export const NOW = Date.parse('2025-06-01T12:00:00.000Z');
export const STALE_AFTER_MS = 60_000;
/** Thresholds (s) the random per-kind tables pick from; observed times sit on and around each. */
const THRESHOLDS_S = [30, 60, 90, 120, 200];

/** A random stale table: each kind one of THRESHOLDS_S or never (null). */
export const staleThresholds: fc.Arbitrary<StaleThresholds> = fc
  .tuple(...STALE_KINDS.map(() => fc.option(fc.constantFrom(...THRESHOLDS_S), { freq: 4 })))
  .map((values) => Object.fromEntries(STALE_KINDS.map((k, i) => [k, values[i] ?? null])) as StaleThresholds);

export const KEYS = [
  'name',
  'kind',
  'speed',
  'heading',
  'cot:stale',
  'note',
  'a.b',
  'x"y',
  'back\\slash',
  'sp ace',
  '__proto__',
  'ünï',
  'k\nl',
  '$',
  '[0]',
  "it's",
  '%_',
];
export const STRINGS = [
  '',
  'ship',
  'Ship',
  'SHIP',
  'car',
  '10',
  '10.5',
  '1e+21',
  '-0',
  '0.1',
  '1.0',
  'true',
  'false',
  'True',
  '%',
  '_',
  'a%b_c\\',
  'ÄÖü',
  'äöü',
  'İstanbul',
  'ß',
  '😀',
  ' x ',
  'Ever Given',
  'ever',
  'line\nbreak',
  'tab\there',
  'quo"te',
  "apo'strophe",
  '[x]',
  '.*',
];
export const NUMBERS = [0, 1, -1, 10, 10.5, 0.1, 1e21, 5e-7, -3.25, 123456789, 2 ** 53, 1.5e300, -1e-300];

const nul = (s: string): boolean => !s.includes('\u0000');
const trickyString = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ unit: 'binary', maxLength: 6 }).filter(nul));
const numberValue = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.integer({ min: -5, max: 20 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const CORE_VALUES: TagValue[] = ['ship', 'Ship', 'Ever Given', '10', 'true', 10, 0.1, 1e21, true, false];
const tagValue: fc.Arbitrary<TagValue> = fc.oneof(
  fc.constantFrom(...CORE_VALUES),
  trickyString,
  numberValue,
  fc.boolean(),
);
const tagKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }).filter(nul) },
);

/**
 * Postgres box/GiST arithmetic raises "value out of range: underflow" for coordinates like 1e-255
 * (reported to the DB helper); real coordinates are never that small, so they become 0 here.
 */
const noSubnormal = (x: number): number => (Math.abs(x) < 1e-9 ? 0 : x);
const lon = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-180, 180, 0.5, -0.5),
  fc.double({ min: -180, max: 180, noNaN: true }).map(noSubnormal),
);
const lat = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-90, 90, 0.5),
  fc.double({ min: -90, max: 90, noNaN: true }).map(noSubnormal),
);
const position = fc.tuple(lon, lat).map(([x, y]) => [x === 0 ? 0 : x, y === 0 ? 0 : y]);

function geometryFor(type: ObjectType): fc.Arbitrary<Geometry> {
  if (type === 'node') return position.map((coordinates) => ({ type: 'Point', coordinates }));
  if (type === 'way')
    return fc
      .array(position, { minLength: 2, maxLength: 4 })
      .map((coordinates) => ({ type: 'LineString', coordinates }));
  return fc
    .array(position, { minLength: 3, maxLength: 4 })
    .map((ring) => ({ type: 'Polygon', coordinates: [[...ring, ring[0] as number[]]] }));
}

const observedAt = fc.oneof(
  fc.constantFrom(NOW, NOW - STALE_AFTER_MS, NOW - STALE_AFTER_MS - 1, NOW - STALE_AFTER_MS + 1),
  fc.tuple(fc.constantFrom(...THRESHOLDS_S), fc.constantFrom(-1, 0, 1)).map(([s, d]) => NOW - s * 1000 + d),
  fc.integer({ min: -5, max: 2 }).map((m) => NOW + m * 30_000),
  fc.integer({ min: NOW - 200_000, max: NOW + 10_000 }),
);

/** One object to insert (without its unique osm_id suffix). */
export const objectSpec = fc.constantFrom(...OBJECT_TYPES).chain((type) =>
  fc.record({
    type: fc.constant(type),
    osmId: fc.oneof(fc.constantFrom('1', '42', 'Ever', 'ABC', 'x_y', '50%'), trickyString),
    source: fc.integer({ min: 0, max: 2 }),
    // Half of them carry a kind with a stale threshold of its own (or near one: 'Ship', a number).
    tags: fc
      .tuple(
        fc.dictionary(tagKey, tagValue, { maxKeys: 6 }),
        fc.option(fc.oneof(fc.constantFrom<TagValue>(...STALE_KINDS, 'Ship', 'ufo'), fc.constant<TagValue>(7)), {
          freq: 2,
        }),
      )
      .map(([tags, kind]) => (kind === null ? tags : { ...tags, kind })),
    geom: geometryFor(type),
    observedAt,
  }),
);
export type ObjectSpec = typeof objectSpec extends fc.Arbitrary<infer T> ? T : never;

/**
 * Upsert ops for a population; osm ids get an index suffix so (source, type, osm_id) stays unique,
 * and the population's number when given: a key deleted with an earlier population keeps its
 * tombstone, which refuses an observation older than the delete (db/object-writes.ts).
 */
export function toOps(specs: ObjectSpec[], sourceIds: string[], population?: number): IngestOp[] {
  const tail = population === undefined ? '' : `.${population}`;
  return specs.map((s, i) => ({
    op: 'upsert',
    sourceId: sourceIds[s.source % sourceIds.length] as string,
    type: s.type,
    osmId: `${s.osmId}#${i}${tail}`,
    tags: Object.fromEntries(Object.entries(s.tags)),
    geom: s.geom,
    observedAt: s.observedAt,
  }));
}

const REGEX_ATOMS = [
  'a',
  'S',
  'h',
  'i',
  'p',
  '1',
  '0',
  ' ',
  'ä',
  '😀',
  '.',
  '\\.',
  '\\$',
  '\\\\',
  '\\n',
  '%',
  '_',
  '"',
  '\\d',
  '\\w',
  '\\s',
  '\\W',
  '\\D',
  '\\S',
  '[a-z]',
  '[^a-c]',
  '[\\d.]',
  '[%_]',
  '[A-Z0-9]',
  '[ä😀]',
  '\\x41',
  '\\u00e4',
  '\\u{1F600}',
  '[\\-x]',
  '\\/',
];
const QUANT = ['', '', '', '*', '+', '?', '{1,2}', '{2}', '*?', '+?'];
const regexPiece: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...REGEX_ATOMS), fc.constantFrom(...QUANT))
  .map(([a, q]) => a + q);
const regexSeq = fc.array(regexPiece, { minLength: 0, maxLength: 4 }).map((p) => p.join(''));
/** Regexes from the subset Postgres supports (docs/filter.md). */
export const regexArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.array(regexSeq, { minLength: 1, maxLength: 2 }),
    fc.constantFrom('', '(', '(?:'),
    fc.boolean(),
  )
  .map(([start, alts, group, end]) => {
    const body = alts.join('|');
    const wrapped = group === '' ? body : `${group}${body})`;
    return `${start ? '^' : ''}${wrapped}${end ? '$' : ''}`;
  })
  .filter((p) => {
    try {
      new RegExp(p, 'u');
      return true;
    } catch {
      return false;
    }
  });

const eqValue = fc.oneof(trickyString, numberValue.map(String), fc.constantFrom('true', 'false'));
const tagCondition: fc.Arbitrary<TagCondition> = fc.oneof(
  fc.record({ key: tagKey, op: fc.constantFrom('exists' as const, 'missing' as const) }),
  fc.record({ key: tagKey, op: fc.constantFrom('=' as const, '!=' as const), value: fc.oneof(eqValue, numberValue) }),
  fc.record({ key: tagKey, op: fc.constant('~' as const), value: regexArb }),
  fc.record({
    key: tagKey,
    op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const),
    value: numberValue,
  }),
);

const bbox: fc.Arbitrary<Bbox> = fc
  .tuple(lon, lat, lon, lat)
  .map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
const iso = observedAt.map((ms) => new Date(ms).toISOString());

/** A structured filter without `text` of 0–3 random parts; `sourceIds` are the population's sources. */
export function structuredFilter(sourceIds: string[]): fc.Arbitrary<ObjectFilter> {
  const part: fc.Arbitrary<ObjectFilter> = fc.oneof(
    fc.subarray([...OBJECT_TYPES]).map((types) => ({ types })),
    fc
      .array(fc.oneof(fc.constantFrom(...CORE_VALUES).map(String), trickyString), { maxLength: 3 })
      .map((kinds) => ({ kinds })),
    fc.subarray([...sourceIds, 'no-such-source'], { minLength: 1 }).map((source_ids) => ({ source_ids })),
    { weight: 4, arbitrary: fc.array(tagCondition, { minLength: 1, maxLength: 2 }).map((tags) => ({ tags })) },
    bbox.map((b) => ({ bbox: b })),
    fc
      .oneof(fc.constantFrom('ship', 'SHIP', 'ever', '%', '_', '\\', 'ä', 'Ä', '#1', '1', ''), trickyString)
      .map((q) => ({ q })),
    iso.map((observed_after) => ({ observed_after })),
    iso.map((observed_before) => ({ observed_before })),
    fc.boolean().map((stale) => ({ stale })),
  );
  return fc.array(part, { maxLength: 3 }).map((parts) => {
    const f: ObjectFilter = {};
    for (const p of parts) {
      if (p.tags && f.tags) f.tags = [...f.tags, ...p.tags];
      else Object.assign(f, p);
    }
    return f;
  });
}

/** A filter that sometimes also carries `text` (another random filter, formatted). */
export function anyFilter(sourceIds: string[]): fc.Arbitrary<ObjectFilter> {
  const base = structuredFilter(sourceIds);
  return fc.oneof(
    { weight: 3, arbitrary: base },
    { weight: 1, arbitrary: fc.tuple(base, base).map(([a, b]) => ({ ...a, text: formatFilterText(b) })) },
  );
}
