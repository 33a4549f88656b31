// Backups of the SQLite store: verified, rotated, taken periodically and at close; restore recovers every row.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listBackups, openStore, restoreBackup } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import { tmpDir } from './store-targets.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  vi.useRealTimers();
  cleanups.splice(0).forEach((c) => c());
});

function dataDir(): string {
  const { dir, cleanup } = tmpDir('tracker-backup-');
  cleanups.push(cleanup);
  return dir;
}

async function fill(store: Store, n: number): Promise<void> {
  const { id } = await store.createSource({
    name: 's',
    description: '',
    type: 'rest',
    connectionInfo: { a: 1 },
    isActive: true,
    tokenHash: 'h',
  });
  const ops = Array.from({ length: n }, (_, i) => ({
    op: 'upsert' as const,
    sourceId: id,
    type: 'node' as const,
    osmId: String(i % 50),
    tags: { name: `n${i}`, speed: i },
    geom: { type: 'Point' as const, coordinates: [i / 100, i / 200] },
    observedAt: 1_700_000_000_000 + i,
  }));
  await store.applyBatch(ops);
}

/** Every row the store holds, in a stable order. */
async function snapshot(store: Store) {
  const objects = (await store.listObjects({ sort: { field: 'osm_id', dir: 'asc' }, limit: 10_000 })).items;
  const history = await Promise.all(objects.map((o) => store.history(o.id, { ascending: true, limit: 10_000 })));
  return {
    sources: await store.listSources(),
    objects,
    history,
    stats: await store.stats().then((s) => ({ ...s, databaseBytes: 0 })),
  };
}

describe('SQLite backups', () => {
  it('restoring the newest backup recovers every row it held', async () => {
    const dir = dataDir();
    const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    await fill(store, 200);
    const before = await snapshot(store);
    const backup = await store.backup!();
    await store.applyBatch([{ op: 'delete', objectId: before.objects[0]!.id }]);
    await store.close();
    const replaced = restoreBackup(backup, join(dir, 'tracker.db'));
    expect(replaced && existsSync(replaced)).toBe(true);
    const restored = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    expect(await snapshot(restored)).toEqual(before);
    expect(before.stats).toMatchObject({ objects: 50, historyRows: 200, sources: 1 });
    await restored.close();
  });

  it('restores into a folder whose database was set aside (target missing)', async () => {
    const dir = dataDir();
    const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    await fill(store, 10);
    const backup = await store.backup!();
    await store.close();
    const target = join(dir, 'restored', 'tracker.db');
    expect(restoreBackup(backup, target)).toBeUndefined();
    const restored = await openStore(target, { dataDir: dir, backup: { onClose: false } });
    expect(await restored.countObjects()).toBe(10);
    await restored.close();
  });

  it('refuses to restore a file that is not a verified backup', async () => {
    const dir = dataDir();
    const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    await store.close();
    expect(() => restoreBackup(join(dir, 'tracker.db-nothing'), join(dir, 'x.db'))).toThrow(/cannot be restored/);
  });

  it('keeps only the newest N backups', async () => {
    const dir = dataDir();
    const store = await openStore(undefined, { dataDir: dir, backup: { keep: 2, onClose: false } });
    const made: string[] = [];
    for (let i = 0; i < 4; i++) made.push(await store.backup!());
    expect(listBackups(join(dir, 'backups'))).toEqual([made[3], made[2]]);
    await store.close();
  });

  it('takes a backup at close by default, and none when onClose is false', async () => {
    const dir = dataDir();
    const a = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    await a.close();
    expect(listBackups(join(dir, 'backups'))).toHaveLength(0);
    const b = await openStore(undefined, { dataDir: dir });
    await b.close();
    expect(listBackups(join(dir, 'backups'))).toHaveLength(1);
    expect(readdirSync(join(dir, 'backups')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('takes backups periodically at the configured interval', async () => {
    const dir = dataDir();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = await openStore(undefined, { dataDir: dir, backup: { intervalS: 60, onClose: false } });
    expect(listBackups(join(dir, 'backups'))).toHaveLength(0);
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(() => expect(listBackups(join(dir, 'backups'))).toHaveLength(1), { timeout: 10_000 });
    await store.close();
  });
});
