/**
 * One consumer's replay: the picture at `from` as snapshot parts, then on a steady wall-clock tick
 * the objects with a new observation in each replay-time slice, as they were at the slice's end,
 * until `to`. Pure logic over an injected clock and a read port (the contract's `objects.list` with
 * `at`); it never touches the live bus, so nothing that follows the bus (alerts) sees replayed changes.
 */
import type { ObjectFilter, ObjectSort, OsmObject } from '../../contract/domain.js';
import type { ReplayRequest } from './replay-request.js';

/** One `objects.list` call, as the contract takes it; rejects with the dispatcher's AppError. */
export type ReplayRead = (params: {
  filter: ObjectFilter;
  at: string;
  sort: ObjectSort;
  limit: number;
  offset: number;
}) => Promise<{ items: OsmObject[]; total: number }>;

/** What the consumer is sent; `replayAt` is the replay moment (epoch ms) the frame shows. */
export type ReplayFrame =
  | { kind: 'snapshot'; objects: OsmObject[]; complete: boolean; replayAt: number }
  | { kind: 'changed'; upserted: OsmObject[]; deleted: string[]; replayAt: number }
  | { kind: 'end'; replayAt: number };

export interface ReplaySink {
  send(frame: ReplayFrame): void;
  /** True while the consumer has not taken earlier frames: the replay skips ahead instead of queueing. */
  isBusy(): boolean;
  /** A slice could not be read; the replay has stopped. */
  failed(err: unknown): void;
}

/** Wall-clock time and a one-shot timer (returns its cancel). */
export interface ReplayClock {
  now(): number;
  after(ms: number, fn: () => void): () => void;
}

export interface ReplayOptions {
  request: ReplayRequest;
  filter: ObjectFilter;
  read: ReplayRead;
  sink: ReplaySink;
  clock: ReplayClock;
  /** Wall-clock time between slices. */
  tickMs: number;
  /** Most objects (upserted + deleted) in one frame. */
  maxPerFrame: number;
}

export interface ReplayStream {
  /** What the snapshot at `from` holds (the subscribe_ack's counts). */
  readonly snapshotCount: number;
  readonly total: number;
  /** Sends the snapshot and starts the replay clock. */
  start(): void;
  /** Stops for good: no frame follows, a read in flight is dropped. */
  stop(): void;
}

/** Most objects one `objects.list` call returns (the contract's cap). */
const PAGE = 10_000;
/** Most objects read for one slice, so one slice never holds the whole database in memory. */
export const MAX_OBJECTS_PER_SLICE = 100_000;
const ASC: ObjectSort = { field: 'observed_at', dir: 'asc' };
const DESC: ObjectSort = { field: 'observed_at', dir: 'desc' };
const iso = (ms: number): string => new Date(ms).toISOString();

/** Reads the snapshot at `request.from`; the stream sends nothing until `start()`. */
export async function openReplay(o: ReplayOptions): Promise<ReplayStream> {
  const { request, filter, sink, clock } = o;
  const first = await readAll(o.read, { filter, at: iso(request.from), sort: DESC }, request.snapshotLimit);
  /** Ids the consumer holds, so an object that leaves the filter can be sent as a delete. */
  const known = new Set(first.items.map((x) => x.id));
  /** Narrowing filters can drop an object that moved; only then are moved objects read unfiltered. */
  const narrows = Object.values(filter).some((v) => v !== undefined && v !== '');
  let snapshot: OsmObject[] | null = first.items;
  let snapshotAt = 0;
  let shown = request.from;
  let startedAt = 0;
  let stopped = false;
  let cancel: (() => void) | undefined;

  /** Snapshot parts while the consumer takes them; true once the last one is out. */
  function sendSnapshot(): boolean {
    while (snapshot && !sink.isBusy()) {
      const end = Math.min(snapshotAt + o.maxPerFrame, snapshot.length);
      const objects = snapshotAt === 0 && end === snapshot.length ? snapshot : snapshot.slice(snapshotAt, end);
      const complete = end === snapshot.length;
      snapshotAt = end;
      if (complete) snapshot = null;
      sink.send({ kind: 'snapshot', objects, complete, replayAt: request.from });
    }
    return snapshot === null;
  }

  /** The objects observed in (t1, t2] as they were at t2, and the held ones that left the filter. */
  async function readSlice(t1: number, t2: number): Promise<{ upserted: OsmObject[]; deleted: string[] }> {
    const after = Math.max(t1 + 1, filter.observed_after ? Date.parse(filter.observed_after) : -Infinity);
    const at = iso(t2);
    const { items: upserted } = await readAll(
      o.read,
      { filter: { ...filter, observed_after: iso(after) }, at, sort: ASC },
      MAX_OBJECTS_PER_SLICE,
    );
    const deleted: string[] = [];
    if (narrows && known.size > 0) {
      const kept = new Set(upserted.map((x) => x.id));
      const moved = await readAll(
        o.read,
        { filter: { observed_after: iso(t1 + 1) }, at, sort: ASC },
        MAX_OBJECTS_PER_SLICE,
      );
      for (const x of moved.items) if (known.has(x.id) && !kept.has(x.id)) deleted.push(x.id);
    }
    for (const x of upserted) known.add(x.id);
    for (const id of deleted) known.delete(id);
    return { upserted, deleted };
  }

  function sendSlice(upserted: OsmObject[], deleted: string[], replayAt: number): void {
    if (upserted.length === 0 && deleted.length === 0) return;
    const n = o.maxPerFrame;
    for (let i = 0; i < upserted.length + deleted.length; i += n) {
      const up = upserted.slice(i, i + n);
      const del = deleted.slice(Math.max(0, i - upserted.length), Math.max(0, i + n - upserted.length));
      sink.send({ kind: 'changed', upserted: up, deleted: del, replayAt });
    }
  }

  /** One step: finish the snapshot, or show the slice since the last frame (skipped while busy). */
  async function tick(): Promise<void> {
    cancel = undefined;
    if (stopped) return;
    if (!sendSnapshot() || request.to === undefined) return schedule(snapshot !== null);
    if (sink.isBusy()) return schedule(true);
    const to = request.to;
    // A busy consumer or a slow read only widens the next slice: the picture still converges.
    const t2 = Math.min(to, request.from + Math.floor((clock.now() - startedAt) * request.speed));
    if (t2 > shown) {
      const { upserted, deleted } = await readSlice(shown, t2);
      if (stopped) return;
      sendSlice(upserted, deleted, t2);
      shown = t2;
    }
    if (shown >= to) {
      stopped = true;
      return sink.send({ kind: 'end', replayAt: to });
    }
    schedule(true);
  }

  function schedule(more: boolean): void {
    if (stopped || !more) return;
    cancel = clock.after(o.tickMs, () => {
      tick().catch((err: unknown) => {
        if (stopped) return;
        stopped = true;
        sink.failed(err);
      });
    });
  }

  return {
    snapshotCount: first.items.length,
    total: first.total,
    start() {
      startedAt = clock.now();
      if (!sendSnapshot() || request.to !== undefined) schedule(true);
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = undefined;
    },
  };
}

/** Pages through `objects.list` (the contract caps a page at 10,000) up to `cap` objects. */
async function readAll(
  read: ReplayRead,
  q: { filter: ObjectFilter; at: string; sort: ObjectSort },
  cap: number,
): Promise<{ items: OsmObject[]; total: number }> {
  const items: OsmObject[] = [];
  for (;;) {
    const limit = Math.min(PAGE, cap - items.length);
    const page = await read({ ...q, limit, offset: items.length });
    items.push(...page.items);
    if (page.items.length < limit || items.length >= cap) return { items, total: page.total };
  }
}
