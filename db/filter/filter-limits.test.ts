// FILTER_LIMITS on real stores: the largest filter accepted runs on SQLite and Postgres (no "expression
// tree too large"), one condition more is refused with a sentence naming the limit before any SQL runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_LIMITS, type ObjectFilter, type TagCondition } from '../../electron/contract/domain.js';
import { AppError } from '../../electron/contract/errors.js';
import type { IngestOp } from '../store.js';
import {
  createSources,
  openPgTarget,
  openSqliteTarget,
  replacePopulation,
  type FilterTarget,
} from '../../test/filter/filter-targets.js';

const MAX = FILTER_LIMITS.maxTagConditions;

/** The most expensive conditions of each kind, cycled: equality with a number form, regex, numeric, missing. */
function conditions(n: number): TagCondition[] {
  const out: TagCondition[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    if (k === 0) out.push({ key: 'speed', op: '!=', value: String(1000 + i) });
    else if (k === 1) out.push({ key: 'name', op: '~', value: '^s' });
    else if (k === 2) out.push({ key: 'speed', op: '<', value: 1_000_000 + i });
    else out.push({ key: `absent_${i}`, op: 'missing' });
  }
  return out;
}

/** `n` distinct two-character words (base 36), so 1,100 of them fit the text's 4,000 characters. */
function words(n: number): string[] {
  return Array.from({ length: n }, (_, i) => i.toString(36).padStart(2, '0'));
}

function hasText(n: number): string {
  return `has:${words(n).join(',')}`;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the filter was accepted');
}

const targets: Array<[string, () => Promise<FilterTarget>]> = [['sqlite', openSqliteTarget]];
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) targets.push(['postgres', () => openPgTarget(pgUrl)]);

describe.each(targets)('filter limits on %s', (_name, open) => {
  let target: FilterTarget;

  beforeAll(async () => {
    target = await open();
    const [sourceId] = await createSources(target.store);
    const ops: IngestOp[] = [1, 2].map((i) => ({
      op: 'upsert',
      sourceId: sourceId!,
      type: 'node',
      osmId: `n${i}`,
      tags: Object.assign(Object.create(null), { name: `ship ${i}`, speed: i }),
      geom: { type: 'Point', coordinates: [i, i] },
      observedAt: 1_700_000_000_000 + i,
    }));
    await replacePopulation(target.store, ops);
  }, 60_000);
  afterAll(async () => target?.close());

  it(`runs a filter of ${MAX} tag conditions (structured, or half from the text syntax)`, async () => {
    const all = await target.store.listObjects({ filter: { tags: conditions(MAX) }, limit: 10 });
    expect(all.total).toBe(2);
    const mixed: ObjectFilter = { tags: conditions(MAX / 2), text: hasText(MAX / 2).replace('has:', '-has:') };
    expect((await target.store.listObjects({ filter: mixed, limit: 10 })).total).toBe(2);
  });

  it(`refuses ${MAX + 1} and 1,100 tag conditions with a sentence naming the limit`, async () => {
    const structured = await refusal(target.store.listObjects({ filter: { tags: conditions(1100) }, limit: 10 }));
    expect(structured.code).toBe('INVALID_INPUT');
    expect(structured.message).toContain(String(MAX));
    const mixed: ObjectFilter = { tags: conditions(MAX), text: 'has:one_more' };
    const e = await refusal(target.store.listObjects({ filter: mixed, limit: 10 }));
    expect(e.message).toBe(
      `Filter has ${MAX + 1} tag conditions; the limit is ${MAX} per filter (structured and text parts together).`,
    );
    const text = await refusal(target.store.listObjects({ filter: { text: hasText(1100) }, limit: 10 }));
    expect(text.message).toContain(`has 1100 tag conditions; the limit is ${MAX}`);
  });

  it('caps the kinds and source id lists too', async () => {
    const n = FILTER_LIMITS.maxListValues;
    const kinds = Array.from({ length: n }, (_, i) => `kind${i}`);
    expect((await target.store.listObjects({ filter: { kinds }, limit: 10 })).total).toBe(0);
    const tooMany = await refusal(target.store.listObjects({ filter: { kinds: [...kinds, 'x'] }, limit: 10 }));
    expect(tooMany.message).toContain(String(n));
    const fromText = await refusal(
      target.store.listObjects({ filter: { text: `source:${words(n + 1).join(',')}` }, limit: 10 }),
    );
    expect(fromText.message).toBe(`Filter field 'source_ids' has ${n + 1} values; the limit is ${n}.`);
  });
});
