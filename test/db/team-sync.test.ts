// An offline-first desktop (issue 19 item 2) on real stores: a SQLite file with its outbox syncing
// through a real Postgres team database (TEST_DATABASE_URL), beside another instance on that
// Postgres. The outbox half runs on SQLite alone.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { IngestOpResult, TeamChange } from '../../db/store.js';
import { openPgStore } from '../../db/pg/pg-store.js';
import { openSqliteStore, type SqliteStore } from '../../db/sqlite/sqlite-store.js';
import type { IngestOp, Store } from '../../db/store.js';
import { startTeamSync, type TeamSync } from '../../electron/core/team/team-sync.js';
import type { Logger } from '../../electron/contract/logger.js';
import type { TeamSyncStatus } from '../../electron/contract/methods/app.js';
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
    const beforeDelete = Date.now();
    await store.applyBatch([{ op: 'delete', objectId: b!.id }]);
    await store.replica!.applyInbound([upsert(source, 'c', T0)], 7);
    const entries = await store.replica!.outbox(100);
    expect(entries.map((e) => [e.op, e.osmId, e.observedAt])).toEqual([
      ['upsert', 'a', T0],
      ['upsert', 'b', T0],
      ['upsert', 'a', T0 + 1000],
      ['patch', 'a', T0 + 2000],
      ['delete', 'b', entries[4]!.observedAt],
    ]);
    // A delete goes as its tombstone: the key and the delete's time.
    expect(entries[4]!.observedAt).toBeGreaterThanOrEqual(beforeDelete);
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

  async function peer(teamUrl = url): Promise<Store> {
    const s = await openPgStore(teamUrl, { changePollMs: 100 });
    closers.push(() => s.close());
    return s;
  }

  const newDir = (): string => {
    const t = tmpDir();
    dirs.push(t.cleanup);
    return t.dir;
  };

  async function desktop(dir?: string, reachable: () => boolean = () => true, teamUrl = url) {
    dir ??= newDir();
    const store = await openDesktop(dir);
    const announced: IngestOpResult[] = [];
    // The status as the live bus hears of each applied step (a resync's pages included), and what was logged.
    const statuses: Array<Promise<TeamSyncStatus>> = [];
    const logged: string[] = [];
    const log: Logger = {
      ...quiet,
      info: (m: string) => void logged.push(m),
      warn: (m: string) => void logged.push(m),
      child: () => log,
    };
    const sync: TeamSync = startTeamSync({
      local: store,
      ingest: {
        announceRemote: (results) => {
          announced.push(...results);
          statuses.push(sync.status());
        },
      },
      log,
      pollMs: 50,
      retryMs: 100,
      openTeam: async () => {
        if (!reachable()) throw new Error('team database unreachable (test)');
        return openPgStore(teamUrl, { instanceId: store.replica!.instanceId, changePollMs: 100 });
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
    return { dir, store, sync, announced, statuses, logged, close };
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

  /** A team database of its own (the tests above share one), dropped after the test. */
  async function ownTeam(): Promise<string> {
    const own = await createPgTestDatabase(baseUrl!);
    closers.unshift(own.drop); // closers run last to first: dropped after everything on it closed
    return own.url;
  }

  const sqliteTombstones = (dir: string): string[] => {
    const db = new Database(join(dir, 'tracker.db'), { readonly: true });
    try {
      return db.prepare('SELECT osm_id FROM object_tombstones ORDER BY osm_id').pluck().all() as string[];
    } finally {
      db.close();
    }
  };
  const pgTombstones = async (teamUrl: string): Promise<string[]> => {
    const c = new pg.Client({ connectionString: teamUrl });
    await c.connect();
    try {
      return (await c.query<{ osm_id: string }>('SELECT osm_id FROM object_tombstones ORDER BY osm_id')).rows.map(
        (r) => r.osm_id,
      );
    } finally {
      await c.end();
    }
  };
  const has = async (s: Store, sourceId: string, osmId: string) =>
    (await s.findObjectByKey(sourceId, 'node', osmId)) !== undefined;
  const synced = async (d: { sync: TeamSync }) => (await d.sync.status()).state === 'synced';

  it('sends deletes as tombstones both ways, online and offline, and a later older observation brings nothing back', async () => {
    const teamUrl = await ownTeam();
    const team = await peer(teamUrl);
    // Another instance on the team database: its live bus hears of every delete with its own object id.
    const other = await peer(teamUrl);
    const heard: TeamChange[] = [];
    const stopHearing = other.team!.changes.follow((b) => heard.push(...b.results));
    closers.push(async () => stopHearing());
    const d1 = await desktop(undefined, undefined, teamUrl);
    const d2 = await desktop(undefined, undefined, teamUrl);
    const source = await addTestSource(d1.store, 'desk');
    await d1.store.applyBatch(['a', 'b', 'c', 'e'].map((id) => upsert(source, id, T0)));
    await until(async () => (await has(team, source, 'e')) && (await has(d2.store, source, 'e')));

    // Online: a desktop's delete removes the object on the team and on the other desktop.
    const teamA = await team.findObjectByKey(source, 'node', 'a');
    const a = await d1.store.findObjectByKey(source, 'node', 'a');
    await d1.store.applyBatch([{ op: 'delete', objectId: a!.id }]);
    await until(async () => !(await has(team, source, 'a')) && !(await has(d2.store, source, 'a')));
    await until(() => heard.some((r) => r.status === 'deleted' && r.objectId === teamA!.id));
    // Announced after the local commit (a read may see the commit first).
    await until(() => d2.announced.some((r) => r.status === 'deleted' && r.op === 'delete' && r.osmId === 'a'));

    // Offline: d1 deletes b; d2, offline too, observes b at a time before that delete.
    await d1.close();
    await d2.close();
    const off1 = await openDesktop(d1.dir);
    const b = await off1.findObjectByKey(source, 'node', 'b');
    await off1.applyBatch([{ op: 'delete', objectId: b!.id }]);
    await off1.close();
    const off2 = await openDesktop(d2.dir);
    expect((await off2.applyBatch([upsert(source, 'b', T0 + 5000, 7.9)]))[0]?.status).toBe('updated');
    await off2.close();
    const back1 = await desktop(d1.dir, undefined, teamUrl);
    await until(async () => (await synced(back1)) && !(await has(team, source, 'b')));
    const back2 = await desktop(d2.dir, undefined, teamUrl);
    await until(async () => (await synced(back2)) && !(await has(back2.store, source, 'b')));
    // d2's older observation was refused by the team (not sent on), and the team's tombstone removed d2's copy.
    expect(await has(team, source, 'b')).toBe(false);
    expect(back2.logged).toContain('observations older than a team delete were not sent');

    // A delete committed on Postgres reaches both desktops through the change log.
    const c = await team.findObjectByKey(source, 'node', 'c');
    await team.applyBatch([{ op: 'delete', objectId: c!.id }]);
    await until(async () => !(await has(back1.store, source, 'c')) && !(await has(back2.store, source, 'c')));

    // A late observation from before the delete stays out everywhere; a newer one brings the object back everywhere.
    expect((await team.applyBatch([upsert(source, 'c', T0 + 1)]))[0]).toMatchObject({
      status: 'rejected',
      code: 'CONFLICT',
    });
    expect((await back1.store.applyBatch([upsert(source, 'c', T0 + 2)]))[0]?.status).toBe('rejected');
    const later = Date.now() + 60_000;
    await back1.store.applyBatch([upsert(source, 'e', later, 9)]);
    await team.applyBatch([upsert(source, 'c', later, 9)]);
    await until(async () => (await has(back1.store, source, 'c')) && (await has(back2.store, source, 'c')));
    await until(
      async () =>
        (await back2.store.findObjectByKey(source, 'node', 'e'))?.observed_at === new Date(later).toISOString(),
    );

    // The deletes stay as tombstones on every database (c's moved on, still there).
    expect(await pgTombstones(teamUrl)).toEqual(['a', 'b', 'c']);
    expect(sqliteTombstones(back1.dir)).toEqual(['a', 'b', 'c']);
    expect(sqliteTombstones(back2.dir)).toEqual(['a', 'b', 'c']);
    // The outbox entry of e goes once the team committed it (the other desktop may see e first).
    await until(async () => (await synced(back1)) && (await synced(back2)));
  });

  it("sends what a desktop held before joining, once, and brings in the team's objects and tombstones though the log was pruned", async () => {
    const teamUrl = await ownTeam();
    const team = await peer(teamUrl);
    const feed = await addTestSource(team, 'team feed');
    const [, , z] = await team.applyBatch([upsert(feed, 'x', T0), upsert(feed, 'y', T0 + 10), upsert(feed, 'z', T0)]);
    await team.applyBatch([{ op: 'delete', objectId: z!.status === 'created' ? z!.object.id : '' }]);
    await team.team!.changes.prune(Date.now() + 1000);
    expect(await team.team!.changes.changesAfter(0)).toEqual([]);

    // A desktop used on its own first.
    const dir = newDir();
    const solo = await openSqliteStore(join(dir, 'tracker.db'), { backup: { onClose: false } });
    const mine = await addTestSource(solo, 'mine');
    await solo.applyBatch([upsert(mine, 'p', T0), upsert(mine, 'p', T0 + 1000, 7.6), upsert(mine, 'q', T0)]);
    await solo.close();

    let up = false;
    const d = await desktop(dir, () => up, teamUrl);
    // The join shows from the start, before the team database answers.
    await until(async () => (await d.sync.status()).resync?.reason === 'join');
    expect(await d.sync.status()).toMatchObject({
      state: 'offline',
      pending: 2,
      resync: { reason: 'join', objects: 0 },
    });
    up = true;
    // Its end is logged.
    await until(
      async () =>
        d.logged.includes('team resync done') &&
        (await synced(d)) &&
        (await has(team, mine, 'q')) &&
        (await has(d.store, feed, 'x')) &&
        (await has(d.store, feed, 'y')),
    );
    expect(d.logged).toContain("joining the team: applying the team's objects");
    const seen = await Promise.all(d.statuses);
    expect(seen.some((st) => st.state === 'resyncing' && st.resync?.reason === 'join')).toBe(true);
    // Their current state went, once.
    expect((await team.findObjectByKey(mine, 'node', 'p'))?.geom).toEqual({ type: 'Point', coordinates: [7.6, 43.7] });
    expect(await history(team, mine, 'p')).toBe(1);
    expect((await team.findSource(mine))?.name).toBe('mine');
    expect(await has(d.store, feed, 'z')).toBe(false);
    expect(sqliteTombstones(dir)).toEqual(['z']);
    expect((await d.store.findObjectByKey(feed, 'node', 'y'))?.observed_at).toBe(new Date(T0 + 10).toISOString());

    // A restart sends nothing again and loads nothing again.
    await d.close();
    const again = await desktop(dir, undefined, teamUrl);
    expect(await again.store.replica!.outboxSize()).toBe(0);
    await team.applyBatch([upsert(feed, 'w', T0)]);
    await until(async () => has(again.store, feed, 'w'));
    expect(again.logged.some((m) => m.includes('joining the team'))).toBe(false);
    expect(await history(team, mine, 'p')).toBe(1);
    expect(await history(again.store, mine, 'p')).toBe(2);
  });

  it('resyncs from the team objects when the log was pruned past its last applied change, and says so meanwhile', async () => {
    const teamUrl = await ownTeam();
    const team = await peer(teamUrl);
    const feed = await addTestSource(team, 'team feed');
    const d = await desktop(undefined, undefined, teamUrl);
    await team.applyBatch(['m1', 'm2', 'm3'].map((id) => upsert(feed, id, T0)));
    await until(async () => (await synced(d)) && (await has(d.store, feed, 'm3')));
    await d.close();

    // A week offline: the team moves m1, deletes m2, adds 1,500 objects, and prunes its log.
    await team.applyBatch([upsert(feed, 'm1', T0 + 5000, 8.2)]);
    const m2 = await team.findObjectByKey(feed, 'node', 'm2');
    await team.applyBatch([{ op: 'delete', objectId: m2!.id }]);
    for (let i = 0; i < 1500; i += 500)
      await team.applyBatch(Array.from({ length: 500 }, (_, k) => upsert(feed, `n${i + k}`, T0 + 1)));
    // Meanwhile the desktop deleted m3 and observed an object of its own, offline.
    const off = await openDesktop(d.dir);
    const m3 = await off.findObjectByKey(feed, 'node', 'm3');
    await off.applyBatch([{ op: 'delete', objectId: m3!.id }]);
    const field = await addTestSource(off, 'field');
    await off.applyBatch([upsert(field, 'f1', T0 + 7000)]);
    await off.close();
    expect(await team.team!.changes.prune(Date.now() + 1000)).toBeGreaterThan(0);

    const back = await desktop(d.dir, undefined, teamUrl);
    await until(async () => back.logged.includes('team resync done') && (await synced(back)), 60_000);
    expect(back.logged).toContain(
      "the team change log was pruned past this desktop's last applied change; resyncing from the team's objects",
    );
    const seen = await Promise.all(back.statuses);
    const resyncing = seen.filter((st) => st.state === 'resyncing');
    expect(resyncing.length).toBeGreaterThan(0);
    expect(resyncing.every((st) => st.resync?.reason === 'pruned')).toBe(true);
    expect(Math.max(...resyncing.map((st) => st.resync!.objects))).toBeGreaterThanOrEqual(1000);

    expect((await back.store.findObjectByKey(feed, 'node', 'm1'))?.geom).toEqual({
      type: 'Point',
      coordinates: [8.2, 43.7],
    });
    expect(await has(back.store, feed, 'm2')).toBe(false);
    expect((await back.store.listObjects({ filter: { source_ids: [feed] }, limit: 1 })).total).toBe(1501);
    // Its own offline changes reached the team.
    await until(async () => !(await has(team, feed, 'm3')) && (await has(team, field, 'f1')));

    // Then it follows the log again, without another resync.
    await team.applyBatch([upsert(feed, 'after', T0)]);
    await until(async () => has(back.store, feed, 'after'));
    expect(back.logged.filter((m) => m.includes('resyncing')).length).toBe(1);
    expect(await back.store.replica!.lastSeq()).toBe((await team.team!.changes.changesAfter(0)).at(-1)!.seq);
  });
});
