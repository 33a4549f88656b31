// The replay stream on a real SQLite store with a fake clock: the picture at a moment, slices in
// replay-time order, skipping ahead while the consumer is busy, objects leaving the filter, stop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectFilter, OsmObject } from '../../contract/domain.js';
import { openTestDb, pointOp, until, type TestDb } from '../ingest/ingest-test-kit.js';
import type { ReplayRequest } from './replay-request.js';
import {
  openReplay,
  type ReplayClock,
  type ReplayFrame,
  type ReplayOptions,
  type ReplayRead,
} from './replay-stream.js';

const T0 = Date.parse('2026-03-10T08:00:00Z');
const sec = (s: number) => T0 + s * 1000;
const TICK = 250;

/** A clock the test moves: `after` records the one timer a stream keeps, `fire` runs it. */
function fakeClock(): ReplayClock & { t: number; timer: (() => void) | undefined; fire(): void } {
  const c = {
    t: 1_000_000,
    timer: undefined as (() => void) | undefined,
    now: () => c.t,
    after(ms: number, fn: () => void) {
      expect(ms).toBe(TICK);
      c.timer = fn;
      return () => {
        if (c.timer === fn) c.timer = undefined;
      };
    },
    fire() {
      const fn = c.timer;
      if (!fn) throw new Error('no timer scheduled');
      c.timer = undefined;
      c.t += TICK;
      fn();
    },
  };
  return c;
}

/** A sink recording frames; `busy` makes the stream skip ahead. */
function recorder() {
  const r = {
    frames: [] as ReplayFrame[],
    errors: [] as unknown[],
    busy: false,
    send: (f: ReplayFrame) => void r.frames.push(f),
    isBusy: () => r.busy,
    failed: (err: unknown) => void r.errors.push(err),
  };
  return r;
}

const lonOf = (o: OsmObject) => (o.geom as { coordinates: number[] }).coordinates[0];
const named = (objects: OsmObject[]) => objects.map((o) => `${o.osm_id}@${lonOf(o)}`);
/** A frame as `osm_id@lon` names: [kind, replay moment, objects (upserted), deleted ids]. */
function summary(f: ReplayFrame | undefined): unknown[] {
  if (!f) return [];
  if (f.kind === 'snapshot') return [f.kind, f.replayAt, named(f.objects), f.complete];
  if (f.kind === 'changed') return [f.kind, f.replayAt, named(f.upserted), f.deleted];
  return [f.kind, f.replayAt];
}

describe('openReplay', () => {
  let t: TestDb;
  let clock: ReturnType<typeof fakeClock>;
  let sink: ReturnType<typeof recorder>;
  let reads: number;
  const read: ReplayRead = (p) => {
    reads++;
    return t.store.listObjects({
      filter: p.filter,
      at: Date.parse(p.at),
      sort: p.sort,
      limit: p.limit,
      offset: p.offset,
    });
  };
  const open = (request: Partial<ReplayRequest>, filter: ObjectFilter = {}, extra: Partial<ReplayOptions> = {}) =>
    openReplay({
      request: { from: sec(5), speed: 1, snapshotLimit: 100_000, ...request },
      filter,
      read,
      sink,
      clock,
      tickMs: TICK,
      maxPerFrame: 1000,
      ...extra,
    });
  /** Fires the pending tick and waits until the stream scheduled the next one or ended. */
  const step = async () => {
    const before = sink.frames.length;
    clock.fire();
    await until(
      () => clock.timer !== undefined || sink.frames.at(-1)?.kind === 'end' || sink.errors.length > 0,
      'a tick',
    );
    return sink.frames.slice(before);
  };

  beforeEach(async () => {
    t = await openTestDb();
    clock = fakeClock();
    sink = recorder();
    reads = 0;
    // Ship a moves east every 10 s from 0 s to 30 s; ship b is first seen at 15 s.
    await t.store.applyBatch([0, 10, 20, 30].map((s) => pointOp(t.sourceId, 'a', sec(s), s, 50)));
    await t.store.applyBatch([pointOp(t.sourceId, 'b', sec(15), 100, 50)]);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('shows the still picture of one moment and then nothing', async () => {
    const stream = await open({ from: sec(12) });
    expect([stream.snapshotCount, stream.total]).toEqual([1, 1]);
    stream.start();
    expect(sink.frames).toHaveLength(1);
    expect(sink.frames.map(summary)).toEqual([['snapshot', sec(12), ['a@10'], true]]);
    const [f] = sink.frames;
    expect(f?.kind === 'snapshot' && f.objects[0]?.observed_at).toBe(new Date(sec(10)).toISOString());
    expect(clock.timer).toBeUndefined();
  });

  it('replays slices in replay-time order with the state at each slice end, then replay_end', async () => {
    // 40x with a 250 ms tick: 10 s of replay time a frame, slices (5,15], (15,25], (25,35].
    const stream = await open({ from: sec(5), to: sec(35), speed: 40 });
    stream.start();
    expect(sink.frames.map((f) => f.kind)).toEqual(['snapshot']);
    for (let i = 0; i < 3; i++) await step();
    expect(sink.frames.slice(1).map(summary)).toEqual([
      ['changed', sec(15), ['a@10', 'b@100'], []],
      ['changed', sec(25), ['a@20'], []],
      ['changed', sec(35), ['a@30'], []],
      ['end', sec(35)],
    ]);
    expect(clock.timer).toBeUndefined();
  });

  it('skips ahead while the consumer is busy: the next frame carries the state at its moment', async () => {
    const stream = await open({ from: sec(5), to: sec(35), speed: 40 });
    stream.start();
    sink.busy = true;
    expect(await step()).toEqual([]);
    sink.busy = false;
    expect((await step()).map(summary)).toEqual([['changed', sec(25), ['b@100', 'a@20'], []]]);
  });

  it('sends an object that left the filter as a delete, and one that entered it as an upsert', async () => {
    // Only what lies west of 15°: a leaves at 20 s; c enters at 12 s; b never enters.
    await t.store.applyBatch([pointOp(t.sourceId, 'c', sec(2), 50, 50), pointOp(t.sourceId, 'c', sec(12), 5, 50)]);
    const stream = await open({ from: sec(5), to: sec(25), speed: 40 }, { bbox: [-1, 40, 15, 60] });
    stream.start();
    const [snapshot] = sink.frames;
    const a = snapshot?.kind === 'snapshot' ? snapshot.objects[0] : undefined;
    expect(summary(snapshot)).toEqual(['snapshot', sec(5), ['a@0'], true]);
    expect((await step()).map(summary)).toEqual([['changed', sec(15), ['a@10', 'c@5'], []]]);
    expect((await step()).map(summary)).toEqual([
      ['changed', sec(25), [], [a?.id]],
      ['end', sec(25)],
    ]);
  });

  it('cuts a large slice into frames of at most maxPerFrame objects', async () => {
    await t.store.applyBatch(Array.from({ length: 5 }, (_, i) => pointOp(t.sourceId, `m${i}`, sec(7), 1, 1)));
    const stream = await open({ from: sec(5), to: sec(15), speed: 40 }, {}, { maxPerFrame: 3 });
    stream.start();
    const frames = await step();
    const sizes = frames.map((f) => (f.kind === 'changed' ? f.upserted.length + f.deleted.length : -1));
    expect(sizes).toEqual([3, 3, 1, -1]);
    expect(frames.slice(0, 3).every((f) => f.replayAt === sec(15))).toBe(true);
  });

  it('sends nothing after stop, even for a tick already due', async () => {
    const stream = await open({ from: sec(5), to: sec(35), speed: 40 });
    stream.start();
    const due = clock.timer!;
    stream.stop();
    expect(clock.timer).toBeUndefined();
    const readsBefore = reads;
    due();
    await new Promise((r) => setTimeout(r, 20));
    expect(sink.frames.map((f) => f.kind)).toEqual(['snapshot']);
    expect(reads).toBe(readsBefore);
  });

  it('stops and reports when a slice cannot be read', async () => {
    const stream = await open({ from: sec(5), to: sec(35), speed: 40 });
    stream.start();
    await t.store.close();
    await step();
    expect(sink.errors).toHaveLength(1);
    expect(clock.timer).toBeUndefined();
  });
});
