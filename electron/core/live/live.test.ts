// The live bus on a real SQLite store and ingest pipeline: snapshots, conflation, bounds and policies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectFilter } from '../../contract/domain.js';
import type { ObjectsChanged } from '../../contract/events.js';
import { createIngest, type IngestPipeline } from '../ingest/ingest.js';
import { memoryLog, openTestDb, pointOp, until, type TestDb } from '../ingest/ingest-test-kit.js';
import { createLive, type Live, type LiveOptions, type LivePart, type LiveSink } from './live.js';
import { sameStaleAfter } from '../../contract/staleness.js';

const origin = (sourceId: string) => ({ sourceId, channel: 'hub' as const });

/** A sink recording payloads and their parts; `busy` makes the bus hold and conflate. */
function recorder(
  policy: Pick<LiveSink, 'maxBatch' | 'maxPending' | 'overflow'> = {},
): LiveSink & { got: ObjectsChanged[]; parts: LivePart[]; ends: string[]; busy: boolean } {
  const r = {
    ...policy,
    got: [] as ObjectsChanged[],
    parts: [] as LivePart[],
    ends: [] as string[],
    busy: false,
    send: (p: ObjectsChanged, part: LivePart) => {
      r.got.push(p);
      r.parts.push(part);
    },
    isBusy: () => r.busy,
    ended: (cause: string) => void r.ends.push(cause),
  };
  return r;
}

describe('createLive', () => {
  let t: TestDb;
  let ingest: IngestPipeline;
  let live: Live;
  const ships: ObjectFilter = { kinds: ['ship'] };
  const put = (osmId: string, at: number, kind = 'ship', lon = 10) =>
    ingest.submit([pointOp(t.sourceId, osmId, at, lon, 50, { kind, name: osmId })], origin(t.sourceId));
  /** Submits objects o0…o{count-1}, each observed at `at(i)`. */
  const putMany = (count: number, at: (i: number) => number = () => 1000) =>
    ingest.submit(
      Array.from({ length: count }, (_, i) => pointOp(t.sourceId, `o${i}`, at(i))),
      origin(t.sourceId),
    );
  const openLive = (extra: Partial<LiveOptions> = {}) =>
    createLive({
      ingest,
      store: t.store,
      log: memoryLog(),
      staleAfter: () => sameStaleAfter(60),
      flushMs: 5,
      ...extra,
    });
  /** Replaces the bus of beforeEach with one built with `extra` options. */
  const reopen = (extra: Partial<LiveOptions>) => {
    live.close();
    live = openLive(extra);
  };

  beforeEach(async () => {
    t = await openTestDb();
    ingest = createIngest({ store: t.store, log: memoryLog(), flushMs: 1 });
    live = openLive();
  });
  afterEach(async () => {
    live.close();
    await ingest.close();
    await t.dispose();
  });

  it('sends a reset snapshot (newest first), then deltas of matching objects only', async () => {
    await put('old', 1000);
    await put('new', 2000);
    await put('car', 3000, 'car');
    const sink = recorder();
    const { info, subscription } = await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    expect(info).toEqual({ subscription_id: subscription.id, snapshot_count: 2, total: 2 });
    await until(() => sink.got.length === 1, 'the snapshot');
    expect(sink.got[0]).toMatchObject({ subscription_id: subscription.id, reset: true, deleted: [] });
    expect(sink.got[0]!.upserted.map((o) => o.osm_id)).toEqual(['new', 'old']);
    await put('car', 4000, 'car');
    await put('fresh', 4000);
    await until(() => sink.got.length === 2, 'a delta');
    expect(sink.got[1]).toMatchObject({ reset: false, deleted: [] });
    expect(sink.got[1]!.upserted.map((o) => o.osm_id)).toEqual(['fresh']);
  });

  it('sends a commit after a quiet spell at once, and coalesces the ones that follow within flushMs', async () => {
    reopen({ flushMs: 60_000 });
    const sink = recorder();
    await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    await put('first', 1000);
    // A minute-long tick would hold it; the leading edge sends it on the next turn.
    await until(() => sink.got.length === 2, 'the first change');
    expect(sink.got[1]!.upserted.map((o) => o.osm_id)).toEqual(['first']);
    await put('second', 2000);
    await put('first', 3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.got).toHaveLength(2); // within flushMs of the last flush: held for the tick
  });

  it('coalesces changes per object while the consumer is busy: the latest version only', async () => {
    const sink = recorder();
    await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    sink.busy = true;
    for (let i = 0; i < 10; i++) await put('a', 1000 + i, 'ship', i);
    expect(live.stats().pending).toBe(1);
    sink.busy = false;
    await until(() => sink.got.length === 2, 'the delta');
    expect(sink.got[1]!.upserted).toHaveLength(1);
    expect(sink.got[1]!.upserted[0]!.geom).toEqual({ type: 'Point', coordinates: [9, 50] });
  });

  it('sends a delete when an object changes so that it leaves the filter, and for deleted objects', async () => {
    const sink = recorder();
    await put('a', 1000);
    const [b] = await put('b', 1000);
    await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    const [a] = await put('a', 2000, 'car');
    await until(() => sink.got.length === 2, 'the leave');
    expect(sink.got[1]).toMatchObject({ upserted: [], deleted: [(a as { object: { id: string } }).object.id] });
    const bId = (b as { object: { id: string } }).object.id;
    await ingest.submit([{ op: 'delete', objectId: bId }], origin(t.sourceId));
    await until(() => sink.got.length === 3, 'the delete');
    expect(sink.got[2]).toMatchObject({ upserted: [], deleted: [bId] });
    await put('a', 3000, 'bus'); // still outside: nothing more to say
    await put('c', 3000);
    await until(() => sink.got.length === 4, 'the next delta');
    expect(sink.got[3]!.upserted.map((o) => o.osm_id)).toEqual(['c']);
    expect(sink.got[3]!.deleted).toEqual([]);
  });

  it('keeps a slow subscriber bounded by its distinct objects and never delays a fast one', async () => {
    const slow = recorder();
    const fast = recorder();
    await live.subscribe({ filter: {}, snapshotLimit: 10, sink: slow });
    await live.subscribe({ filter: {}, snapshotLimit: 10, sink: fast });
    await until(() => slow.got.length === 1 && fast.got.length === 1, 'the snapshots');
    slow.busy = true;
    for (let round = 0; round < 20; round++) {
      await putMany(30, () => 1000 + round);
    }
    const seen = new Map<string, string>();
    await until(() => {
      for (const p of fast.got) for (const o of p.upserted) seen.set(o.osm_id, o.observed_at);
      return seen.size === 30 && [...seen.values()].every((v) => v === new Date(1019).toISOString());
    }, 'the fast subscriber to see every latest version');
    expect(slow.got).toHaveLength(1);
    expect(live.stats().pending).toBe(30);
    slow.busy = false;
    await until(() => slow.got.length >= 2, 'the slow delta');
    expect(slow.got.slice(1).flatMap((p) => p.upserted)).toHaveLength(30);
  });

  it('gives a subscriber that passes the hard cap a fresh reset snapshot instead of growing', async () => {
    reopen({ maxPending: 20 });
    const sink = recorder();
    await live.subscribe({ filter: {}, snapshotLimit: 100, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    sink.busy = true;
    await putMany(50);
    expect(live.stats().pending).toBe(0);
    sink.busy = false;
    await until(() => sink.got.length === 2, 'the reset');
    expect(sink.got[1]).toMatchObject({ reset: true });
    expect(sink.got[1]!.upserted).toHaveLength(50);
  });

  it('sends an empty snapshot as one complete reset payload', async () => {
    const sink = recorder();
    await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    expect(sink.got[0]).toMatchObject({ reset: true, upserted: [], deleted: [] });
    expect(sink.parts).toEqual(['snapshot-complete']);
  });

  it("cuts the snapshot into the sink's maxBatch parts, paced by isBusy, before any delta", async () => {
    await putMany(5, (i) => 1000 + i);
    const sink = recorder({ maxBatch: 2 });
    const send = sink.send;
    // Busy after every payload: one part per flush tick, never a burst.
    sink.send = (p, part) => {
      send(p, part);
      sink.busy = true;
    };
    await live.subscribe({ filter: {}, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the first part');
    await ingest.submit([pointOp(t.sourceId, 'o0', 2000)], origin(t.sourceId));
    await new Promise((r) => setTimeout(r, 30));
    expect(sink.got).toHaveLength(1);
    for (let n = 2; n <= 4; n++) {
      sink.busy = false;
      await until(() => sink.got.length === n, `part ${n}`);
    }
    expect(sink.parts).toEqual(['snapshot', 'snapshot', 'snapshot-complete', 'delta']);
    expect(sink.got.map((p) => p.reset)).toEqual([true, false, false, false]);
    expect(sink.got.map((p) => p.upserted.map((o) => o.osm_id))).toEqual([['o4', 'o3'], ['o2', 'o1'], ['o0'], ['o0']]);
    expect(sink.got[3]!.upserted[0]!.observed_at).toBe(new Date(2000).toISOString());
  });

  it('cuts deltas into maxBatch payloads whatever the consumer', async () => {
    const sink = recorder({ maxBatch: 3 });
    await live.subscribe({ filter: {}, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    await putMany(7);
    await until(() => sink.got.length === 4, 'three deltas');
    expect(sink.got.slice(1).map((p) => p.upserted.length)).toEqual([3, 3, 1]);
    expect(sink.parts.slice(1)).toEqual(['delta', 'delta', 'delta']);
  });

  it("ends a subscription past its sink's bound under overflow 'end', and keeps the others", async () => {
    const ending = recorder({ maxPending: 20, overflow: 'end' });
    const other = recorder();
    await live.subscribe({ filter: {}, snapshotLimit: 100, sink: ending });
    await live.subscribe({ filter: {}, snapshotLimit: 100, sink: other });
    await until(() => ending.got.length === 1 && other.got.length === 1, 'the snapshots');
    ending.busy = true;
    await putMany(50);
    expect(ending.ends).toEqual(['overflow']);
    expect(live.stats().subscriptions).toBe(1);
    ending.busy = false;
    await until(() => other.got.flatMap((p) => p.upserted).length === 50, 'the other subscriber');
    await new Promise((r) => setTimeout(r, 30));
    expect(ending.got).toHaveLength(1);
  });

  it("holds up to the sink's own bound (above the bus default) without a reset", async () => {
    reopen({ maxPending: 20 });
    const sink = recorder({ maxPending: 100 });
    await live.subscribe({ filter: {}, snapshotLimit: 100, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    sink.busy = true;
    await putMany(50);
    expect(live.stats().pending).toBe(50);
    sink.busy = false;
    await until(() => sink.got.length === 2, 'the delta');
    expect(sink.got[1]).toMatchObject({ reset: false });
    expect(sink.got[1]!.upserted).toHaveLength(50);
  });

  it('replaces the filter with a fresh reset snapshot on update', async () => {
    await put('s', 1000);
    await put('c', 1000, 'car');
    const sink = recorder();
    const { subscription } = await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    const info = await subscription.update({ kinds: ['car'] }, 10);
    expect(info.snapshot_count).toBe(1);
    await until(() => sink.got.length === 2, 'the new snapshot');
    expect(sink.got[1]).toMatchObject({ reset: true, upserted: [{ osm_id: 'c' }] });
    await put('s', 2000);
    await put('c', 2000, 'car', 11);
    await until(() => sink.got.length === 3, 'a delta');
    expect(sink.got[2]!.upserted.map((o) => o.osm_id)).toEqual(['c']);
  });

  it('refuses a bad filter with INVALID_INPUT and accepts a good one', async () => {
    await expect(
      live.subscribe({ filter: { text: 'name~"("' }, snapshotLimit: 1, sink: recorder() }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      live.subscribe({ filter: { text: 'name~"^a"' }, snapshotLimit: 1, sink: recorder() }),
    ).resolves.toBeDefined();
  });

  it('sends deletes for objects that turn stale under a fresh-only filter, and keeps fresh ones', async () => {
    let now = 10_000;
    reopen({ staleAfter: () => sameStaleAfter(5), now: () => now });
    const [old] = await put('old', 6_000);
    await put('young', 9_000);
    const sink = recorder();
    await live.subscribe({ filter: { stale: false }, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    expect(sink.got[0]!.upserted.map((o) => o.osm_id)).toEqual(['young', 'old']);
    now = 12_000; // 'old' was last seen 6 s ago: stale; 'young' 3 s ago: fresh
    await put('trigger', 11_900);
    await until(() => sink.got.some((p) => p.deleted.length > 0), 'the stale delete');
    const deleted = sink.got.flatMap((p) => p.deleted);
    expect(deleted).toEqual([(old as { object: { id: string } }).object.id]);
  });

  it("sweeps each object out of a fresh-only filter at its kind's threshold, and never a static one", async () => {
    let now = 80_000;
    let thresholds = { ...sameStaleAfter(600), aircraft: 60, ship: 900 };
    reopen({ staleAfter: () => thresholds, now: () => now });
    const [plane] = await put('plane', 30_000, 'aircraft');
    await put('boat', 30_000, 'ship');
    await ingest.submit([pointOp(t.sourceId, 'cafe', 0, 10, 50, { name: 'café' })], origin(t.sourceId));
    const sink = recorder();
    await live.subscribe({ filter: { text: '-stale' }, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    expect(sink.got[0]!.upserted.map((o) => o.osm_id).sort()).toEqual(['boat', 'cafe', 'plane']);
    now = 91_000; // the aircraft (1 min) is past its threshold; the ship (15 min) is not; the café never
    await put('trigger', 90_900, 'ship');
    await until(() => sink.got.some((p) => p.deleted.length > 0), 'the stale delete');
    expect(sink.got.flatMap((p) => p.deleted)).toEqual([(plane as { object: { id: string } }).object.id]);
    // A change of thresholds re-sends the subscription's state under the new ones (a reset snapshot).
    thresholds = { ...thresholds, ship: 30 };
    const before = sink.got.length;
    live.resnapshotStale();
    await until(() => sink.got.slice(before).some((p) => p.reset), 'the fresh snapshot');
    const reset = sink.got.slice(before).find((p) => p.reset)!;
    expect(reset.upserted.map((o) => o.osm_id).sort()).toEqual(['cafe', 'trigger']);
  });

  it('adds objects to a stale-only filter as they go stale by ageing, with no update to announce them', async () => {
    let now = 10_000;
    reopen({ staleAfter: () => sameStaleAfter(5), now: () => now });
    await put('lost', 8_000);
    await put('long-lost', 1_000);
    const sink = recorder();
    await live.subscribe({ filter: { stale: true }, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    expect(sink.got[0]!.upserted.map((o) => o.osm_id)).toEqual(['long-lost']);
    // 'lost' was last seen 8 s in: stale from 13 s on. Nothing is committed; the bus reads again.
    now = 14_000;
    await until(() => sink.got.some((p) => p.upserted.some((o) => o.osm_id === 'lost')), "'lost' sent as stale");
    const sent = sink.got.flatMap((p) => p.upserted.map((o) => o.osm_id));
    expect(sent.filter((id) => id === 'lost')).toHaveLength(1);
    // A fresh report takes it out again, and a later read does not bring back the stale state.
    await put('lost', 13_900);
    await until(() => sink.got.some((p) => p.deleted.length > 0), 'the fresh report leaving the filter');
    const after = sink.got.length;
    now = 17_000; // the next read: 'lost' is 3.1 s old, fresh
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.got.slice(after).flatMap((p) => p.upserted.map((o) => o.osm_id))).toEqual([]);
  });

  it('stops sending after close', async () => {
    const sink = recorder();
    const { subscription } = await live.subscribe({ filter: {}, snapshotLimit: 1, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    subscription.close();
    await put('x', 1);
    await ingest.flush();
    expect(live.stats().subscriptions).toBe(0);
    expect(sink.got).toHaveLength(1);
  });

  it('a refused subscribe or update leaves the previous subscription as it was, and sends nothing for it', async () => {
    await put('before', 1000);
    const sink = recorder();
    const { subscription } = await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    const bad: ObjectFilter = { text: 'speed>' };
    const refused = recorder();
    await expect(live.subscribe({ filter: bad, snapshotLimit: 10, sink: refused })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(subscription.update(bad, 10)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(live.stats().subscriptions).toBe(1);
    await put('car', 2000, 'car');
    await put('after', 2000);
    await until(() => sink.got.length === 2, 'a delta under the first filter');
    expect(sink.got[1]!.upserted.map((o) => o.osm_id)).toEqual(['after']);
    expect(sink.parts).toEqual(['snapshot-complete', 'delta']);
    expect(refused.got).toEqual([]);
  });

  it('an update whose snapshot cannot be read puts the previous filter back and re-sends its state', async () => {
    const failing = { text: 'kind=broken' };
    const store = {
      listObjects: (q: Parameters<typeof t.store.listObjects>[0]) =>
        q.filter === failing ? Promise.reject(new Error('disk on fire')) : t.store.listObjects(q),
    };
    reopen({ store });
    await put('ship1', 1000);
    const sink = recorder();
    const { subscription } = await live.subscribe({ filter: ships, snapshotLimit: 10, sink });
    await until(() => sink.got.length === 1, 'the snapshot');
    await expect(subscription.update(failing, 10)).rejects.toThrow('disk on fire');
    await until(() => sink.got.length === 2, 'a fresh snapshot under the previous filter');
    expect(sink.got[1]).toMatchObject({ reset: true });
    expect(sink.got[1]!.upserted.map((o) => o.osm_id)).toEqual(['ship1']);
    await put('broken', 2000, 'broken');
    await put('ship2', 2000);
    await until(() => sink.got.length === 3, 'a delta under the previous filter');
    expect(sink.got[2]!.upserted.map((o) => o.osm_id)).toEqual(['ship2']);
  });
});
