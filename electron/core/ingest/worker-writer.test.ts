import { threadId } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngest, type IngestPipeline } from './ingest.js';
import { memoryLog, openTestDb, pointOp, until, type TestDb } from './ingest-test-kit.js';
import { createWorkerWriter, resolveWriterWorkerEntry, type WorkerWriter } from './worker-writer.js';

const origin = (sourceId: string) => ({ sourceId, channel: 'hub' as const });

describe('createWorkerWriter', () => {
  let t: TestDb;
  let writer: WorkerWriter | undefined;
  let ingest: IngestPipeline | undefined;
  beforeEach(async () => {
    t = await openTestDb();
  });
  afterEach(async () => {
    await ingest?.close();
    await writer?.close();
    ingest = undefined;
    writer = undefined;
    await t.dispose();
  });

  it('starts the tsx bootstrap when running from TypeScript sources', () => {
    expect(String(resolveWriterWorkerEntry())).toMatch(/writer-worker-bootstrap\.mjs$/);
  });

  it('commits batches on a worker thread with its own connection, readable by the store', async () => {
    writer = createWorkerWriter({ path: t.path, log: memoryLog() });
    await writer.ready;
    ingest = createIngest({ store: t.store, log: memoryLog(), writer });
    const results = await ingest.submit(
      Array.from({ length: 250 }, (_, i) => pointOp(t.sourceId, `w${i}`, 1000 + i, i / 10, 45)),
      origin(t.sourceId),
    );
    expect(results.every((r) => r.status === 'created')).toBe(true);
    expect(results[7]).toMatchObject({ object: { osm_id: 'w7', geom: { type: 'Point', coordinates: [0.7, 45] } } });
    expect(await t.store.countObjects()).toBe(250);
    expect(threadId).toBe(0); // the test itself runs on the main thread; the writer does not
    const again = await ingest.submit([pointOp(t.sourceId, 'w7', 1007, 0.7, 45)], origin(t.sourceId));
    expect(again[0]!.status).toBe('duplicate');
    // A newer observation of a known object takes the worker's fast path; its object is rebuilt here.
    const [moved] = await ingest.submit([pointOp(t.sourceId, 'w7', 5000, 3, 4)], origin(t.sourceId));
    const stored = await t.store.findObjectByKey(t.sourceId, 'node', 'w7');
    expect(moved).toEqual({ op: 'upsert', status: 'updated', object: stored });
    expect(stored?.geom).toEqual({ type: 'Point', coordinates: [3, 4] });
  });

  it('reports a file that cannot be opened as a failed start, and every batch as unavailable', async () => {
    writer = createWorkerWriter({ path: `${t.dir}/missing.db`, log: memoryLog() });
    await expect(writer.ready).rejects.toThrow(/unable to open|directory does not exist|missing/i);
    await expect(writer.apply([pointOp(t.sourceId, 'x', 1)])).rejects.toThrow();
  });

  it('pauses ingest on a full database and resumes when the cap is lifted, acknowledging nothing early', async () => {
    writer = createWorkerWriter({ path: t.path, log: memoryLog() });
    const pauses: (string | null)[] = [];
    ingest = createIngest({
      store: t.store,
      log: memoryLog(),
      writer,
      retryMinMs: 5,
      retryMaxMs: 20,
      onPauseChanged: (r) => pauses.push(r),
    });
    await ingest.submit([pointOp(t.sourceId, 'first', 1)], origin(t.sourceId));
    await writer.setMaxPageCount(1);
    let acked = false;
    const held = ingest
      .submit(
        Array.from({ length: 400 }, (_, i) => pointOp(t.sourceId, `p${i}`, 1, 1, 1, { name: 'y'.repeat(300) })),
        origin(t.sourceId),
      )
      .then((r) => ((acked = true), r));
    await until(() => ingest!.stats().pausedReason !== null, 'the pause');
    expect(ingest.isSaturated()).toBe(true);
    expect(acked).toBe(false);
    expect(await t.store.countObjects()).toBe(1);
    await writer.setMaxPageCount(null);
    expect((await held).every((r) => r.status === 'created')).toBe(true);
    expect(pauses).toEqual([expect.stringMatching(/full/), null]);
    expect(await t.store.countObjects()).toBe(401);
  });

  it('restarts a worker that died and retries the batch it lost', async () => {
    writer = createWorkerWriter({ path: t.path, log: memoryLog() });
    await writer.ready;
    ingest = createIngest({ store: t.store, log: memoryLog(), writer, retryMinMs: 5 });
    await ingest.submit([pointOp(t.sourceId, 'a', 1)], origin(t.sourceId));
    const lost = ingest.submit([pointOp(t.sourceId, 'b', 1)], origin(t.sourceId));
    await writer.restart();
    await expect(lost).resolves.toHaveLength(1);
    expect(await t.store.countObjects()).toBe(2);
  });
});
