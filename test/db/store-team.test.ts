// The team side of the Postgres store (issue 19): the change log written with each batch, the feed
// that follows it (own batches skipped, nothing replayed, nothing skipped under concurrent writers,
// caught up after a lost connection), pruning, and connector leases. Needs TEST_DATABASE_URL.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../db/pg/pg-store.js';
import type { IngestOp, Store, TeamBatch } from '../../db/store.js';
import { addTestSource, createPgTestDatabase, pgTestUrl } from './store-targets.js';

const baseUrl = pgTestUrl();

/** Polls `check` until it holds (or fails after `ms`); no timing is asserted. */
async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const upsert = (sourceId: string, osmId: string, observedAt: number): IngestOp => ({
  op: 'upsert',
  sourceId,
  type: 'node',
  osmId,
  tags: { kind: 'ship', name: osmId },
  geom: { type: 'Point', coordinates: [7.4, 43.7] },
  observedAt,
});

describe.runIf(baseUrl)('team database on Postgres', () => {
  let url: string;
  let drop: () => Promise<void>;
  const open: Store[] = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    ({ url, drop } = await createPgTestDatabase(baseUrl!));
  });
  afterEach(async () => {
    stops.splice(0).forEach((s) => s());
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => drop());

  async function store(label = 'test/1'): Promise<Store> {
    const s = await openPgStore(url, { instanceLabel: label, changePollMs: 200 });
    open.push(s);
    return s;
  }

  function follow(s: Store): TeamBatch[] {
    const seen: TeamBatch[] = [];
    stops.push(s.team!.changes.follow((b) => seen.push(b)));
    return seen;
  }

  /** The feed has read the log's end (so what follows is new). */
  const started = (s: Store) => until(async () => s.team!.changes.status().listening);

  it('hands every batch another instance commits to a follower, in order, and skips its own', async () => {
    const a = await store();
    const b = await store();
    const src = await addTestSource(a, 'feed');
    const seenByB = follow(b);
    const seenByA = follow(a);
    await Promise.all([started(a), started(b)]);
    const t = Date.now();
    await a.applyBatch([upsert(src, 'n1', t), upsert(src, 'n2', t)]);
    const [created] = await a.applyBatch([upsert(src, 'n1', t + 1000)]);
    // A duplicate changes nothing, so it adds nothing to the log.
    await a.applyBatch([upsert(src, 'n1', t + 1000)]);
    const id = created!.status === 'updated' ? created!.object.id : '';
    await a.applyBatch([{ op: 'delete', objectId: id }]);
    await until(() => seenByB.length === 3);
    expect(seenByB.map((x) => x.results.map((r) => r.status))).toEqual([
      ['created', 'created'],
      ['updated'],
      ['deleted'],
    ]);
    expect(seenByB[1]!.results[0]).toMatchObject({ op: 'upsert', observedMs: t + 1000, object: { osm_id: 'n1', id } });
    expect(seenByB[2]!.results[0]).toMatchObject({ op: 'delete', objectId: id, sourceId: src });
    expect(seenByB.map((x) => x.seq)).toEqual([...seenByB.map((x) => x.seq)].sort((p, q) => p - q));
    await until(() => a.team!.changes.status().lastSeq === seenByB[2]!.seq);
    expect(seenByA).toEqual([]);
  });

  it('starts at the end of the log: nothing committed before is replayed', async () => {
    const a = await store();
    const src = await addTestSource(a, 'old');
    await a.applyBatch([upsert(src, 'before', Date.now())]);
    const b = await store();
    const seen = follow(b);
    await started(b);
    await a.applyBatch([upsert(src, 'after', Date.now())]);
    await until(() => seen.length === 1);
    expect(seen[0]!.results.map((r) => r.status === 'created' && r.object.osm_id)).toEqual(['after']);
  });

  it('loses no batch and none twice when three instances write at once', async () => {
    const writers = await Promise.all([store(), store(), store()]);
    const reader = await store();
    const src = await addTestSource(reader, 'busy');
    const seen = follow(reader);
    await started(reader);
    const t = Date.now();
    await Promise.all(
      writers.map(async (w, i) => {
        for (let k = 0; k < 40; k++)
          await w.applyBatch(Array.from({ length: 25 }, (_, j) => upsert(src, `w${i}-${k}-${j}`, t)));
      }),
    );
    await until(() => seen.reduce((n, b) => n + b.results.length, 0) >= 3000);
    const ids = seen.flatMap((b) => b.results.map((r) => (r.status === 'created' ? r.object.osm_id : '?')));
    expect(ids.length).toBe(3000);
    expect(new Set(ids).size).toBe(3000);
    const seqs = seen.map((b) => b.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((p, q) => p - q));
  });

  it('serializes the log tail: a writer waits for the open transaction holding it (seq order is commit order)', async () => {
    const a = await store();
    const b = await store();
    const src = await addTestSource(a, 'tail');
    const seen = follow(a);
    await started(a);
    // A transaction that has appended to the log but not committed yet.
    const held = new pg.Client({ connectionString: url });
    await held.connect();
    try {
      await held.query('BEGIN');
      await held.query('SELECT pg_advisory_xact_lock($1)', [0x4f534d55]);
      const firstSeq = Number(
        (
          await held.query<{ seq: string }>(
            "INSERT INTO change_log (instance_id, changes, created_at) VALUES ('held', '[]', 0) RETURNING seq::text AS seq",
          )
        ).rows[0]!.seq,
      );
      let committed = false;
      const writing = b.applyBatch([upsert(src, 'late', Date.now())]).then(() => (committed = true));
      // b's batch is written but waits for the log's tail lock, so it cannot take a seq before ours commits.
      await until(async () => {
        const r = await held.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        );
        return r.rows[0]!.n === 1;
      });
      expect(committed).toBe(false);
      await held.query('COMMIT');
      await writing;
      await until(() => seen.length === 1);
      expect(seen[0]!.seq).toBeGreaterThan(firstSeq);
    } finally {
      await held.end();
    }
  });

  it('catches up after its LISTEN connection is cut', async () => {
    const a = await store();
    const b = await store();
    const src = await addTestSource(a, 'cut');
    const seen = follow(b);
    await started(b);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
      );
    } finally {
      await admin.end();
    }
    await a.applyBatch([upsert(src, 'while-cut', Date.now())]);
    await until(() => seen.length === 1);
    await until(() => b.team!.changes.status().listening);
    await a.applyBatch([upsert(src, 'after-cut', Date.now())]);
    await until(() => seen.length === 2);
    expect(seen.map((x) => (x.results[0]!.status === 'created' ? x.results[0]!.object.osm_id : ''))).toEqual([
      'while-cut',
      'after-cut',
    ]);
  });

  it('answers batches after a sequence and prunes those older than a time', async () => {
    const a = await store();
    const src = await addTestSource(a, 'prune');
    await a.applyBatch([upsert(src, 'p1', Date.now())]);
    const all = await a.team!.changes.changesAfter(0, 10_000);
    expect(all.length).toBeGreaterThan(0);
    const last = all.at(-1)!;
    expect(await a.team!.changes.changesAfter(last.seq)).toEqual([]);
    expect(await a.team!.changes.changesAfter(last.seq - 1)).toEqual([last]);
    expect(await a.team!.changes.prune(0)).toBe(0);
    expect(await a.team!.changes.prune(Date.now() + 1000)).toBe(all.length);
    expect(await a.team!.changes.changesAfter(0)).toEqual([]);
  });

  it('gives a connector lease to one instance, renews it for that one, and lets another take it once expired or released', async () => {
    const a = await store('host-a/1');
    const b = await store('host-b/2');
    const la = a.team!.leases;
    const lb = b.team!.leases;
    expect(await la.claim('src-1', 60_000)).toMatchObject({ isMine: true, ownerLabel: 'host-a/1' });
    expect(await lb.claim('src-1', 60_000)).toMatchObject({ isMine: false, ownerLabel: 'host-a/1' });
    expect(await la.claim('src-1', 60_000)).toMatchObject({ isMine: true });
    // Released: free at once.
    await la.release('src-1');
    expect(await lb.claim('src-1', 60_000)).toMatchObject({ isMine: true, ownerLabel: 'host-b/2' });
    // Expired: taken over by the next claim.
    expect(await la.claim('src-2', 1)).toMatchObject({ isMine: true });
    await until(async () => (await lb.claim('src-2', 60_000)).isMine);
    expect(await la.claim('src-2', 60_000)).toMatchObject({ isMine: false, ownerLabel: 'host-b/2' });
    // Release by a non-holder changes nothing.
    await la.release('src-2');
    expect(await la.claim('src-2', 60_000)).toMatchObject({ isMine: false });
  });

  it('never gives one lease to two instances claiming at once', async () => {
    const stores = await Promise.all([store('a/1'), store('b/2'), store('c/3')]);
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(stores.map((s) => s.team!.leases.claim(`race-${round}`, 60_000)));
      expect(answers.filter((x) => x.isMine).length).toBe(1);
    }
  });
});

describe.runIf(!baseUrl)('team database on Postgres', () => {
  it.skip('needs TEST_DATABASE_URL', () => undefined);
});
