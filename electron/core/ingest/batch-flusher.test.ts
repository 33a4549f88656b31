import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBatchFlusher, type Batch } from './batch-flusher.js';
import { createIngestQueue } from './ingest-queue.js';
import { createFakeStore, del, memoryLog, tick } from './ingest-test-kit.js';

interface Setup {
  batchSize?: number;
  maxBatchOps?: number;
  flushMs?: number;
  maxBatchesInFlight?: number;
  refuseAfterFailure?: boolean;
}

/** A flusher over a real queue and a fake store; committed batches leave the queue, as the pipeline does. */
function setUp(o: Setup = {}) {
  const store = createFakeStore({ maxBatchesInFlight: o.maxBatchesInFlight, refuseAfterFailure: o.refuseAfterFailure });
  const state = { held: false, single: false, urgent: false };
  const queue = createIngestQueue({
    queueLimit: 10_000,
    highWaterMark: 5000,
    lowWaterMark: 10,
    isHeld: () => state.held,
  });
  const log = memoryLog();
  const committed: string[][] = [];
  const failed: { batch: Batch; err: unknown }[] = [];
  const flusher = createBatchFlusher({
    store,
    queue,
    log,
    batchSize: o.batchSize ?? 3,
    maxBatchOps: o.maxBatchOps ?? 100,
    flushMs: o.flushMs ?? 10_000,
    now: Date.now,
    isHeld: () => state.held,
    isSingle: () => state.single,
    isUrgent: () => state.urgent,
    committed(batch, results) {
      queue.shift(batch.count);
      committed.push(results.map((r) => (r.op === 'delete' && r.status === 'deleted' ? r.objectId : '?')));
    },
    failed(batch, err) {
      state.held = true;
      failed.push({ batch, err });
    },
  });
  /** Queues one submission of these object ids and lets the flusher look at it. */
  const submit = (...ids: string[]): void => {
    queue.push({ ops: ids.map(del), source: 's', at: Date.now(), resolve() {}, reject() {} });
    flusher.schedule();
  };
  const sent = (): string[][] => store.batches.map((b) => b.ops.map((op) => (op.op === 'delete' ? op.objectId : '?')));
  return { store, state, queue, log, committed, failed, flusher, submit, sent };
}

describe('createBatchFlusher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes as soon as batchSize ops wait, without waiting for flushMs', () => {
    const { submit, sent } = setUp({ batchSize: 3 });
    submit('a');
    submit('b');
    expect(sent()).toEqual([]);
    submit('c', 'd');
    expect(sent()).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('writes a partial batch flushMs after its oldest submission arrived', () => {
    vi.useFakeTimers({ now: 0 });
    const { submit, sent } = setUp({ batchSize: 100, flushMs: 20 });
    submit('a');
    vi.advanceTimersByTime(15);
    submit('b');
    vi.advanceTimersByTime(4);
    expect(sent()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent()).toEqual([['a', 'b']]);
  });

  it('writes a partial batch at once when urgent (flush, close)', () => {
    const { submit, sent, state } = setUp({ batchSize: 100, flushMs: 10_000 });
    submit('a');
    expect(sent()).toEqual([]);
    state.urgent = true;
    submit('b');
    expect(sent()).toEqual([['a', 'b']]);
  });

  it('commits what waited meanwhile as one batch, up to maxBatchOps, never splitting a submission', async () => {
    const { submit, sent, store, committed } = setUp({ batchSize: 1, maxBatchOps: 5 });
    submit('a');
    submit('b1', 'b2');
    submit('c1', 'c2');
    submit('d1', 'd2');
    submit('e1', 'e2', 'e3', 'e4', 'e5', 'e6');
    expect(sent()).toEqual([['a']]);
    store.batches[0]!.commit();
    await tick();
    store.batches[1]!.commit();
    await tick();
    store.batches[2]!.commit();
    await tick();
    expect(sent()).toEqual([['a'], ['b1', 'b2', 'c1', 'c2'], ['d1', 'd2'], ['e1', 'e2', 'e3', 'e4', 'e5', 'e6']]);
    store.batches[3]!.commit();
    await tick();
    expect(committed.flat()).toEqual(sent().flat());
  });

  it('pipelines full batches up to maxBatchesInFlight, and holds a partial one while the store is busy', async () => {
    const { submit, sent, store, committed, state, flusher } = setUp({ batchSize: 2, maxBatchesInFlight: 2 });
    submit('a', 'b');
    submit('c');
    expect(sent()).toEqual([['a', 'b']]);
    submit('d');
    expect(sent()).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    submit('e', 'f');
    expect(store.held()).toHaveLength(2);
    store.batches[0]!.commit();
    await tick();
    expect(sent()).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    submit('g');
    store.batches[1]!.commit();
    await tick();
    expect(sent()).toHaveLength(3); // g alone is a partial batch: it waits while e,f is written
    store.batches[2]!.commit();
    await tick();
    expect(sent()).toHaveLength(3); // the store is idle: g goes out after flushMs, or at once when urgent
    state.urgent = true;
    flusher.schedule();
    expect(sent()).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g']]);
    store.batches[3]!.commit();
    await tick();
    expect(committed).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g']]);
  });

  it('writes one batch at a time when the store declares nothing', () => {
    const { submit, sent } = setUp({ batchSize: 1 });
    submit('a');
    submit('b');
    expect(sent()).toEqual([['a']]);
  });

  it('after a failure, drops the batches the store refused and sends their submissions again, in order', async () => {
    const { submit, sent, store, committed, failed, state, flusher } = setUp({ batchSize: 1, maxBatchesInFlight: 2 });
    submit('a');
    submit('b');
    submit('c');
    expect(sent()).toEqual([['a'], ['b']]);
    const full = Object.assign(new Error('full'), { code: 'SQLITE_FULL' });
    store.batches[0]!.fail(full); // the fake refuses b, handed over before a's failure was known
    flusher.retry(); // the retry timer fires before b came back: it waits for b
    await tick();
    expect(failed).toEqual([{ batch: { count: 1, ops: [del('a')] }, err: full }]);
    expect(sent()).toEqual([['a'], ['b'], ['a', 'b', 'c']]); // the retry takes everything queued, from the head
    state.held = false; // the retry commits: the pipeline resumes
    store.batches[2]!.commit();
    await tick();
    submit('d');
    submit('e');
    expect(sent()).toEqual([['a'], ['b'], ['a', 'b', 'c'], ['d'], ['e']]);
    store.batches[3]!.commit();
    store.batches[4]!.commit();
    await tick();
    expect(committed).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
    expect(failed).toHaveLength(1);
  });

  it('logs a store that commits a batch handed over after a failed one, and writes it again', async () => {
    const { submit, sent, store, committed, log, state, flusher } = setUp({
      batchSize: 1,
      maxBatchesInFlight: 2,
      refuseAfterFailure: false,
    });
    submit('a');
    submit('b');
    store.batches[0]!.fail(new Error('broken'));
    store.batches[1]!.commit();
    await tick();
    expect(log.lines).toEqual([
      { level: 'error', msg: 'The store committed a batch handed over after a failed one; it is written again.' },
    ]);
    expect(committed).toEqual([]);
    state.held = false;
    flusher.schedule();
    expect(sent()).toEqual([['a'], ['b'], ['a', 'b']]);
  });

  it('writes one submission per batch while isolating, and writes now or retries even while held', async () => {
    const { submit, sent, store, state, flusher } = setUp({ batchSize: 1 });
    state.single = true;
    submit('a');
    submit('b', 'c');
    store.batches[0]!.commit();
    await tick();
    expect(sent()).toEqual([['a'], ['b', 'c']]);
    state.single = false;
    state.held = true;
    store.batches[1]!.commit();
    await tick();
    submit('d');
    submit('e');
    expect(sent()).toHaveLength(2);
    const written = flusher.writeNow();
    expect(sent()).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
    store.batches[2]!.commit();
    await written;
    await flusher.idle();
    await expect(flusher.writeNow()).resolves.toBeUndefined(); // nothing waits
    flusher.retry(); // nothing to retry
    expect(sent()).toHaveLength(3);
  });

  it('writes nothing after stop() clears the flushMs timer', () => {
    vi.useFakeTimers({ now: 0 });
    const { submit, sent, flusher } = setUp({ batchSize: 100, flushMs: 20 });
    submit('a');
    flusher.stop();
    vi.advanceTimersByTime(100);
    expect(sent()).toEqual([]);
  });
});
