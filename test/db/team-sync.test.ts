// An offline-first desktop (issue 19 item 2) on real stores: a SQLite file with its outbox syncing
// through a real Postgres team database (TEST_DATABASE_URL), beside another instance on that
// Postgres. The outbox half runs on SQLite alone.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IngestOpResult } from '../../db/store.js';
import { openPgStore } from '../../db/pg/pg-store.js';
import { openSqliteStore, type SqliteStore } from '../../db/sqlite/sqlite-store.js';
import type { IngestOp, Store } from '../../db/store.js';
import { startTeamSync, type TeamSync } from '../../electron/core/team/team-sync.js';
import type { Logger } from '../../electron/contract/logger.js';
import { addTestSource, createPgTestDatabase, pgTestUrl, tmpDir } from './store-targets.js';

const baseUrl = pgTestUrl();
const T0 = Date.parse('2026-03-01T00:00:00Z');

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const upsert = (sourceId: string, osmId: string, observedAt: number, lon = 7.4, extra = {}): IngestOp => ({
  op: 'upsert',
  sourceId,
  type: 'node',
  osmId,
  tags: { kind: 'ship', name: osmId, ...extra },
  geom: { type: 'Point', coordinates: [lon, 43.7] },
  observedAt,
});

const openDesktop = (dir: string): Promise<SqliteStore> =>
  openSqliteStore(join(dir, 'tracker.db'), { teamOutbox: true, backup: { onClose: false } });

describe('team outbox on SQLite', () => {
  const dirs: Array<() => void> = [];
  afterAll(() => dirs.forEach((c) => c()));

  it('records every local change in the outbox with its key, but no duplicate and none of the team changes', async () => {
    const { dir, cleanup } = tmpDir();
    dirs.push(cleanup);
    const store = await openDesktop(dir);
    const source = await addTestSource(store, 'desk');
    const [created] = await store.applyBatch([upsert(source, 'a', T0), upsert(source, 'b', T0)]);
    await store.applyBatch([upsert(source, 'a', T0 + 1000), upsert(source, 'a', T0 + 1000)]); // repeat in batch
    await store.applyBatch([upsert(source, 'a', T0 + 1000)]); // duplicate: not recorded
    const id = created!.status === 'created' ? created!.object.id : '';
    await store.applyBatch([
      { op: 'patch', objectId: id, tags: { name: 'Alpha' }, tagsMode: 'merge', observedAt: T0 + 2000 },
    ]);
    const b = await store.findObjectByKey(source, 'node', 'b');
    await store.applyBatch([{ op: 'delete', objectId: b!.id }]);
    await store.replica!.applyInbound([upsert(source, 'c', T0)], 7);
    const entries = await store.replica!.outbox(100);
    expect(entries.map((e) => [e.op, e.osmId, e.observedAt])).toEqual([
      ['upsert', 'a', T0],
      ['upsert', 'b', T0],
      ['upsert', 'a', T0 + 1000],
      ['patch', 'a', T0 + 2000],
      ['delete', 'b', null],
    ]);
    expect(entries[3]!.payload).toEqual({ tags: { name: 'Alpha' }, tagsMode: 'merge', observedAt: T0 + 2000 });
    expect(await store.replica!.lastSeq()).toBe(7);
    expect(await store.findObjectByKey(source, 'node', 'c')).toBeDefined();
    await store.replica!.ackOutbox(entries[2]!.id);
    expect(await store.replica!.outboxSize()).toBe(2);
    // The instance id and the outbox outlive a restart.
    const instanceId = store.replica!.instanceId;
    await store.close();
    const again = await openDesktop(dir);
    expect(again.replica!.instanceId).toBe(instanceId);
    expect(await again.replica!.outboxSize()).toBe(2);
    expect(await again.replica!.lastSeq()).toBe(7);
    await again.close();
  });

  it('records nothing when the store is opened without a team', async () => {
    const { dir, cleanup } = tmpDir();
    dirs.push(cleanup);
    const store = await openSqliteStore(join(dir, 'tracker.db'), { backup: { onClose: false } });
    const source = await addTestSource(store, 'solo');
    await store.applyBatch([upsert(source, 'a', T0)]);
    expect(store.replica).toBeUndefined();
    await store.close();
  });
});

describe.runIf(baseUrl)('team sync of a SQLite desktop through Postgres', () => {
  let url: string;
  let drop: () => Promise<void>;
  const closers: Array<() => Promise<void>> = [];
  const dirs: Array<() => void> = [];

  beforeAll(async () => {
    ({ url, drop } = await createPgTestDatabase(baseUrl!));
  });
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    dirs.forEach((c) => c());
    await drop();
  });

  async function peer(): Promise<Store> {
    const s = await openPgStore(url, { changePollMs: 100 });
    closers.push(() => s.close());
    return s;
  }

  async function desktop(dir?: string, reachable: () => boolean = () => true) {
    if (!dir) {
      const t = tmpDir();
      dirs.push(t.cleanup);
      dir = t.dir;
    }
    const store = await openDesktop(dir);
    const announced: IngestOpResult[] = [];
    const sync: TeamSync = startTeamSync({
      local: store,
      ingest: { announceRemote: (results) => announced.push(...results) },
      log: quiet,
      pollMs: 50,
      retryMs: 100,
      openTeam: async () => {
        if (!reachable()) throw new Error('team database unreachable (test)');
        return openPgStore(url, { instanceId: store.replica!.instanceId, changePollMs: 100 });
      },
    });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await sync.stop();
      await store.close();
    };
    closers.push(close);
    return { dir, store, sync, announced, close };
  }

  const history = async (s: Store, sourceId: string, osmId: string) => {
    const o = await s.findObjectByKey(sourceId, 'node', osmId);
    return o ? (await s.history(o.id, { limit: 1000 })).length : -1;
  };

  it('sends local changes once, brings the team changes in once, with no echo either way', async () => {
    const team = await peer();
    const d = await desktop();
    const source = await addTestSource(d.store, 'desk');
    await d.store.applyBatch([upsert(source, 'a', T0), upsert(source, 'a', T0 + 1000), upsert(source, 'b', T0)]);
    await until(
      async () => (await d.sync.status()).state === 'synced' && (await team.findSource(source)) !== undefined,
    );
    expect((await team.findSource(source))?.is_active).toBe(false);
    expect(await history(team, source, 'a')).toBe(2);
    // The other instance moves b and adds c; the desktop gets both, announced on its live bus.
    await team.applyBatch([upsert(source, 'b', T0 + 5000, 8.1), upsert(source, 'c', T0 + 5000)]);
    await until(async () => (await d.store.findObjectByKey(source, 'node', 'c')) !== undefined);
    const b = await d.store.findObjectByKey(source, 'node', 'b');
    expect(b?.geom).toEqual({ type: 'Point', coordinates: [8.1, 43.7] });
    expect(d.announced.map((r) => r.status)).toEqual(['updated', 'created']);
    // Nothing went back out: the outbox holds only local changes.
    expect(await d.store.replica!.outboxSize()).toBe(0);
    expect(await history(d.store, source, 'a')).toBe(2);
    expect(await history(team, source, 'b')).toBe(2);
    // A delete on the team removes the desktop's copy.
    const c = await team.findObjectByKey(source, 'node', 'c');
    await team.applyBatch([{ op: 'delete', objectId: c!.id }]);
    await until(async () => (await d.store.findObjectByKey(source, 'node', 'c')) === undefined);
  });

  it("keeps the desktop's hand-edited tags over the team's feed updates, and the newest position", async () => {
    const team = await peer();
    const d = await desktop();
    const source = await addTestSource(d.store, 'ais');
    const [r] = await d.store.applyBatch([upsert(source, 's', T0, 7, { speed: 1 })]);
    const id = r!.status === 'created' ? r!.object.id : '';
    await d.store.applyBatch([
      { op: 'patch', objectId: id, tags: { name: 'Hand named' }, tagsMode: 'merge', observedAt: T0 + 10 },
    ]);
    await until(async () => (await d.sync.status()).state === 'synced');
    expect((await team.findObjectByKey(source, 'node', 's'))?.tags.name).toBe('Hand named');
    // The team's feed brings a newer position and speed, then an older one (history only, there too).
    await team.applyBatch([upsert(source, 's', T0 + 9000, 9, { speed: 5 })]);
    await team.applyBatch([upsert(source, 's', T0 + 4000, 8, { speed: 3 })]);
    const head = (await team.team!.changes.changesAfter(0, 100_000)).at(-1)!.seq;
    await until(async () => (await d.store.replica!.lastSeq()) >= head);
    await until(async () => (await d.store.findObjectByKey(source, 'node', 's'))?.tags.speed === 5);
    const s = await d.store.findObjectByKey(source, 'node', 's');
    expect(s?.tags.name).toBe('Hand named');
    expect(s?.geom).toEqual({ type: 'Point', coordinates: [9, 43.7] });
    expect(s?.observed_at).toBe(new Date(T0 + 9000).toISOString());
    const positions = (await d.store.track(s!.id)).times;
    expect(positions).toEqual([T0, T0 + 4000, T0 + 9000]);
  });

  it('keeps changes made offline across a restart and sends each exactly once when the team is back', async () => {
    let up = false;
    const first = await desktop(undefined, () => up);
    const source = await addTestSource(first.store, 'field');
    for (let i = 0; i < 5; i++) await first.store.applyBatch([upsert(source, 'f', T0 + i * 1000, 7 + i / 10)]);
    await until(async () => (await first.sync.status()).state === 'offline');
    const offline = await first.sync.status();
    expect(offline).toMatchObject({ state: 'offline', pending: 5 });
    expect(Date.parse(offline.offline_since!)).not.toBeNaN();
    await first.close();

    // Restarted, then the team database is reachable again.
    const team = await peer();
    const second = await desktop(first.dir, () => up);
    await second.store.applyBatch([upsert(source, 'f', T0 + 9000, 8)]);
    up = true;
    await until(async () => (await second.sync.status()).state === 'synced');
    expect(await history(team, source, 'f')).toBe(6);

    // A crash after the team committed but before the outbox was acknowledged: sent again, stored once.
    await second.close();
    const again = await openDesktop(first.dir);
    await again.applyBatch([upsert(source, 'f', T0 + 10_000, 8.5)]);
    const [entry] = await again.replica!.outbox(10);
    await team.applyBatch([upsert(source, 'f', entry!.observedAt!, 8.5)]);
    await again.close();
    const third = await desktop(first.dir);
    await until(async () => (await third.sync.status()).state === 'synced');
    expect(await history(team, source, 'f')).toBe(7);
    expect(await history(third.store, source, 'f')).toBe(7);
  });
});
