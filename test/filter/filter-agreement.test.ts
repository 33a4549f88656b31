/**
 * Property test (ARCHITECTURE §3 rule 2): on random objects and random filters, SQLite SQL,
 * Postgres SQL (when TEST_DATABASE_URL is set) and the in-memory predicate select the same objects.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectFilter, OsmObject } from '../../electron/contract/domain.js';
import { compileFilterSql } from '../../db/filter/index.js';
import { compilePredicate, resolveFilter } from '../../electron/filter/index.js';
import type { FilterContext } from '../../electron/filter/index.js';
import { anyFilter, NOW, objectSpec, staleThresholds, toOps } from './arbitraries.js';
import {
  createSources,
  openPgTarget,
  openSqliteTarget,
  replacePopulation,
  type FilterTarget,
} from './filter-targets.js';

const pgUrl = process.env.TEST_DATABASE_URL;
const targets: FilterTarget[] = [];
const sources = new Map<FilterTarget, string[]>();
/** Source ids are per store; filters use the SQLite ones and are mapped by index for the others. */
let sourceIds: string[] = [];

function expected(objects: OsmObject[], filter: ObjectFilter, ctx: FilterContext): string[] {
  const predicate = compilePredicate(filter, ctx);
  return objects
    .filter((o) => predicate(o))
    .map((o) => o.osm_id)
    .sort();
}

function forTarget(filter: ObjectFilter, target: FilterTarget): ObjectFilter {
  const mine = sources.get(target) as string[];
  const map = (id: string): string => mine[sourceIds.indexOf(id)] ?? id;
  const text = filter.text?.replace(
    /source:(\S+)/g,
    (_, list: string) => `source:${list.split(',').map(map).join(',')}`,
  );
  return { ...filter, source_ids: filter.source_ids?.map(map), ...(text === undefined ? {} : { text }) };
}

/** The stale thresholds are random per run too: per kind, and never for some kinds. */
async function checkAgreement(objects: OsmObject[], filter: ObjectFilter, ctx: FilterContext): Promise<void> {
  const want = expected(objects, filter, ctx);
  for (const t of targets) {
    const f = forTarget(filter, t);
    const got = await t.ids(compileFilterSql(f, t.dialect, ctx));
    expect(got, `${t.dialect}: ${JSON.stringify(resolveFilter(f))} ${JSON.stringify(ctx.staleAfter)}`).toEqual(want);
  }
}

/** Objects as read from the first store, with source ids mapped to the SQLite ones. */
let populations = 0;

async function populate(specs: Parameters<typeof toOps>[0]): Promise<OsmObject[]> {
  let first: OsmObject[] = [];
  populations++;
  for (const t of targets) {
    const stored = await replacePopulation(t.store, toOps(specs, sources.get(t) as string[], populations));
    if (t === targets[0]) first = stored;
  }
  return first;
}

beforeAll(async () => {
  targets.push(await openSqliteTarget());
  if (pgUrl) targets.push(await openPgTarget(pgUrl));
  for (const t of targets) sources.set(t, await createSources(t.store));
  sourceIds = sources.get(targets[0] as FilterTarget) as string[];
});

afterAll(async () => {
  for (const t of targets) await t.close();
});

describe('filter agreement: SQLite SQL, Postgres SQL and predicate', () => {
  it(`runs on ${pgUrl ? 'SQLite and Postgres' : 'SQLite only (set TEST_DATABASE_URL for Postgres)'}`, () => {
    expect(targets.length).toBe(pgUrl ? 2 : 1);
  });

  it('agrees on 1,000 random filters over a fixed random population', async () => {
    const specs = fc.sample(objectSpec, { numRuns: 300, seed: 20250601 });
    const objects = await populate(specs);
    expect(objects).toHaveLength(300);
    await fc.assert(
      fc.asyncProperty(anyFilter(sourceIds), staleThresholds, async (filter, staleAfter) =>
        checkAgreement(objects, filter, { now: NOW, staleAfter }),
      ),
      { numRuns: 1000 },
    );
  }, 300_000);

  it("agrees on `stale` and `-stale` with per-kind thresholds (the map's rule) on every dialect", async () => {
    const specs = fc.sample(objectSpec, { numRuns: 300, seed: 20261207 });
    const objects = await populate(specs);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), staleThresholds, async (stale, staleAfter) =>
        checkAgreement(objects, { stale }, { now: NOW, staleAfter }),
      ),
      { numRuns: 200 },
    );
  }, 300_000);

  it('agrees on random populations (100 populations x 10 filters)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(objectSpec, { minLength: 0, maxLength: 25 }),
        fc.array(anyFilter(sourceIds), { minLength: 10, maxLength: 10 }),
        staleThresholds,
        async (specs, filters, staleAfter) => {
          const objects = await populate(specs);
          for (const f of filters) await checkAgreement(objects, f, { now: NOW, staleAfter });
        },
      ),
      { numRuns: 100 },
    );
  }, 300_000);
});
