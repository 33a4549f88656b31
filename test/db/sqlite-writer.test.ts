// The SQLite store's object writes (its writer thread: own connection, same pragmas, no migrations),
// read back through the store, and the pragmas every connection gets.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { applySqlitePragmas } from '../../db/sqlite/sqlite-pragmas.js';
import { tmpDir } from './store-targets.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A store with one source in a temp folder. */
async function storeWithSource() {
  const { dir, cleanup } = tmpDir('tracker-writer-');
  cleanups.push(cleanup);
  const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
  const { id: sourceId } = await store.createSource({
    name: 's',
    description: '',
    type: 'rest',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  return { dir, store, sourceId };
}

describe('the SQLite store writer', () => {
  it('writes batches on its writer connection that the store then reads', async () => {
    const { store, sourceId } = await storeWithSource();
    const op = {
      op: 'upsert' as const,
      sourceId,
      type: 'node' as const,
      osmId: '7',
      tags: { name: 'x' },
      geom: { type: 'Point' as const, coordinates: [1, 2] },
      observedAt: 1_700_000_000_000,
    };
    const [created] = await store.applyBatch([op]);
    expect(created).toMatchObject({ status: 'created', object: { osm_id: '7', tags: { name: 'x' } } });
    expect((await store.applyBatch([op]))[0]?.status).toBe('duplicate');
    expect(await store.applyBatch([])).toEqual([]);
    expect(await store.findObjectByKey(sourceId, 'node', '7')).toEqual(
      created?.status === 'created' ? created.object : undefined,
    );
    await store.close();
  });

  it('keeps bbox filters exact while the R*Tree holds grid-cell boxes of moved points', async () => {
    const { dir, store, sourceId } = await storeWithSource();
    let at = 1_700_000_000_000;
    const moveTo = (lon: number, lat: number) =>
      store.applyBatch([
        {
          op: 'upsert',
          sourceId,
          type: 'node',
          osmId: '1',
          tags: {},
          geom: { type: 'Point', coordinates: [lon, lat] },
          observedAt: at++,
        },
      ]);
    const count = async (bbox: [number, number, number, number]) =>
      (await store.listObjects({ filter: { bbox } })).total;
    await moveTo(10.001, 50.001); // the R*Tree box is its 0.01° grid cell: [10, 10.01] x [50, 50.01]
    await moveTo(10.015, 50.005); // another cell: rewritten to [10.01, 10.02] x [50, 50.01]
    await moveTo(10.012, 50.002); // the same cell: the R*Tree row is not rewritten
    const raw = new Database(join(dir, 'tracker.db'), { readonly: true });
    const box = raw.prepare('SELECT min_lon, max_lon FROM osm_objects_rtree').get() as {
      min_lon: number;
      max_lon: number;
    };
    raw.close();
    expect([box.min_lon, box.max_lon].map((v) => Math.round(v * 1e4) / 1e4)).toEqual([10.01, 10.02]);
    expect(await count([10.011, 49.99, 10.013, 50.01])).toBe(1);
    expect(await count([10.013, 50, 10.019, 50.01])).toBe(0); // inside the R*Tree box, outside the point
    expect(await count([10.014, 50.004, 10.016, 50.006])).toBe(0); // where the point was
    await store.close();
  });
});

describe('applySqlitePragmas', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const { dir, cleanup } = tmpDir('tracker-pragma-');
    cleanups.push(cleanup);
    const db = new Database(join(dir, 'p.db'));
    applySqlitePragmas(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });
});
