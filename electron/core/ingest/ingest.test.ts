import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tags } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import type { IngestOpResult, Store } from '../../../db/store.js';
import { applySqlitePragmas } from '../../../db/sqlite/sqlite-pragmas.js';
import { createSqliteBatchWriter } from '../../../db/sqlite/writer/sqlite-writer.js';
import { createIngest, type IngestPipeline } from './ingest.js';
import { memoryLog, openTestDb, pointOp, until, type TestDb } from './ingest-test-kit.js';
import type { CommittedBatch } from './types.js';

const origin = (sourceId: string) => ({ sourceId, channel: 'hub' as const });

/** A store whose applyBatch is the real SQLite batch writer on its own connection, whose size cap the test can set. */
interface CappedStore extends Pick<Store, 'applyBatch'> {
  db: Database.Database;
}

function cappedStore(path: string): CappedStore {
  const db = new Database(path, { fileMustExist: true });
  applySqlitePragmas(db);
  const apply = createSqliteBatchWriter(db);
  return { db, applyBatch: async (ops) => apply(ops) };
}

describe('createIngest', () => {
  let t: TestDb;
  let ingest: IngestPipeline | undefined;
  let capped: CappedStore | undefined;
  beforeEach(async () => {
    t = await openTestDb();
  });
  afterEach(async () => {
    await ingest?.close();
    ingest = undefined;
    capped?.db.close();
    capped = undefined;
    await t.dispose();
  });

  it('acknowledges a submit only after its batch committed, then announces it', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog() });
    const announced: CommittedBatch[] = [];
    ingest.onCommitted((b) => announced.push(b));
    const pending = ingest.submit([pointOp(t.sourceId, 'a', 1000)], origin(t.sourceId));
    expect(await t.store.findObjectByKey(t.sourceId, 'node', 'a')).toBeUndefined();
    const [result] = await pending;
    expect(result).toMatchObject({ op: 'upsert', status: 'created', object: { osm_id: 'a' } });
    expect(await t.store.findObjectByKey(t.sourceId, 'node', 'a')).toMatchObject({ osm_id: 'a' });
    expect(announced).toHaveLength(1);
    expect(announced[0]!.results).toEqual([result]);
    expect(ingest.counters(t.sourceId)).toMatchObject({ received: 1, stored: 1, rejected: 0 });
  });

  it('is idempotent: the same source, id and observed time twice is one history row', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog() });
    const [first] = await ingest.submit([pointOp(t.sourceId, 'a', 1000)], origin(t.sourceId));
    const [second] = await ingest.submit([pointOp(t.sourceId, 'a', 1000)], origin(t.sourceId));
    expect(first!.status).toBe('created');
    expect(second!.status).toBe('duplicate');
    const id = (first as Extract<IngestOpResult, { object: unknown }>).object.id;
    expect(await t.store.history(id)).toHaveLength(1);
  });

  it('keeps submission order: results in op order, the newest observation wins, history keeps all', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog(), batchSize: 50 });
    const submits = Array.from({ length: 200 }, (_, i) =>
      ingest!.submit([pointOp(t.sourceId, 'a', 1000 + i, i * 0.01, 50)], origin(t.sourceId)),
    );
    const results = (await Promise.all(submits)).flat();
    expect(results.map((r) => r.status)).toEqual(['created', ...Array<string>(199).fill('updated')]);
    const stored = await t.store.findObjectByKey(t.sourceId, 'node', 'a');
    expect(stored?.geom).toEqual({ type: 'Point', coordinates: [1.99, 50] });
    expect(await t.store.history(stored!.id, { limit: 1000 })).toHaveLength(200);
  });

  it('writes many small submits in few transactions', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog(), batchSize: 100, flushMs: 50 });
    let batches = 0;
    ingest.onCommitted(() => batches++);
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => ingest!.submit([pointOp(t.sourceId, `o${i}`, 1000)], origin(t.sourceId))),
    );
    expect(batches).toBeLessThanOrEqual(4);
    expect(await t.store.countObjects()).toBe(300);
  });

  it('flushes a lone submit after flushMs without waiting for a full batch', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog(), batchSize: 1000, flushMs: 5 });
    await expect(ingest.submit([pointOp(t.sourceId, 'lone', 1)], origin(t.sourceId))).resolves.toHaveLength(1);
  });

  it('reports rejected ops per source and still stores the good ones of the same batch', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog() });
    const results = await ingest.submit(
      [pointOp(t.sourceId, 'good', 1), pointOp('no-such-source', 'bad', 1)],
      origin(t.sourceId),
    );
    expect(results.map((r) => r.status)).toEqual(['created', 'rejected']);
    expect(ingest.counters(t.sourceId)).toMatchObject({
      received: 2,
      stored: 1,
      rejected: 1,
      lastError: "Source 'no-such-source' does not exist.",
    });
    expect(ingest.counters(t.sourceId).lastMessageAt).toBeTypeOf('number');
  });

  it('refuses a submit beyond the hard queue limit with OVERLOADED and accepts within it', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog(), queueLimit: 100, highWaterMark: 50, lowWaterMark: 10 });
    const ops = (p: string) => Array.from({ length: 40 }, (_, i) => pointOp(t.sourceId, `${p}${i}`, 1));
    const a = ingest.submit(ops('a'), origin(t.sourceId));
    expect(ingest.isSaturated()).toBe(false);
    const b = ingest.submit(ops('b'), origin(t.sourceId));
    expect(ingest.isSaturated()).toBe(true);
    const c = ingest.submit(ops('c'), origin(t.sourceId));
    await expect(c).rejects.toMatchObject({ code: 'OVERLOADED' });
    const drained = ingest.whenDrained();
    await Promise.all([a, b, drained]);
    expect(ingest.isSaturated()).toBe(false);
    expect(ingest.stats().queueDepth).toBe(0);
    expect(ingest.counters(t.sourceId)).toMatchObject({ received: 120, stored: 80, rejected: 40 });
  });

  it('keeps memory bounded when a producer waits for whenDrained while saturated', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog(), batchSize: 100, queueLimit: 1000, highWaterMark: 500 });
    let maxDepth = 0;
    const acks: Promise<IngestOpResult[]>[] = [];
    for (let i = 0; i < 5000; i++) {
      if (ingest.isSaturated()) await ingest.whenDrained();
      acks.push(ingest.submit([pointOp(t.sourceId, `o${i % 700}`, 1000 + i)], origin(t.sourceId)));
      maxDepth = Math.max(maxDepth, ingest.stats().queueDepth);
    }
    await Promise.all(acks);
    expect(maxDepth).toBeLessThanOrEqual(500);
    expect(await t.store.countObjects()).toBe(700);
  });

  it('fails only the submission that breaks its batch and stores the others', async () => {
    const log = memoryLog();
    ingest = createIngest({ store: t.store, log });
    const bad = pointOp(t.sourceId, 'bad', 1, 10, 50, { big: 10n } as unknown as Tags);
    const [good1, broken, good2] = [
      ingest.submit([pointOp(t.sourceId, 'g1', 1)], origin(t.sourceId)),
      ingest.submit([bad], origin(t.sourceId)),
      ingest.submit([pointOp(t.sourceId, 'g2', 1)], origin(t.sourceId)),
    ];
    await expect(broken).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(good1).resolves.toHaveLength(1);
    await expect(good2).resolves.toHaveLength(1);
    expect(await t.store.countObjects()).toBe(2);
    expect(log.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('pauses on disk full without acknowledging anything, and resumes when space returns', async () => {
    const writer = (capped = cappedStore(t.path));
    const pauses: (string | null)[] = [];
    ingest = createIngest({
      store: writer,
      log: memoryLog(),
      retryMinMs: 5,
      retryMaxMs: 20,
      onPauseChanged: (r) => pauses.push(r),
    });
    await ingest.submit([pointOp(t.sourceId, 'before', 1)], origin(t.sourceId));
    writer.db.pragma(`max_page_count = ${writer.db.pragma('page_count', { simple: true }) as number}`);
    const big = Array.from({ length: 500 }, (_, i) =>
      pointOp(t.sourceId, `full${i}`, 1, 10, 50, { name: 'x'.repeat(200) }),
    );
    let acked = false;
    const held = ingest.submit(big, origin(t.sourceId)).then((r) => {
      acked = true;
      return r;
    });
    await until(() => ingest!.stats().pausedReason !== null, 'the pause');
    expect(ingest.stats().pausedReason).toMatch(/disk or database size limit is full/);
    expect(ingest.isSaturated()).toBe(true);
    await expect(ingest.submit([pointOp(t.sourceId, 'during', 1)], origin(t.sourceId))).rejects.toMatchObject({
      code: 'STORE_FULL',
    });
    await until(() => pauses.length === 1 && ingest!.stats().queueDepth === 500, 'a retry');
    expect(acked).toBe(false);
    expect(await t.store.countObjects()).toBe(1);
    writer.db.pragma('max_page_count = 4294967294');
    const results = await held;
    expect(results.filter((r) => r.status === 'created')).toHaveLength(500);
    expect(await t.store.countObjects()).toBe(501);
    expect(pauses).toEqual([expect.stringMatching(/full/), null]);
    expect(ingest.stats().pausedReason).toBeNull();
    expect(ingest.isSaturated()).toBe(false);
  });

  it('rejects what is still unstored when closed while the disk stays full', async () => {
    const writer = (capped = cappedStore(t.path));
    ingest = createIngest({ store: writer, log: memoryLog(), retryMinMs: 5 });
    writer.db.pragma(`max_page_count = ${writer.db.pragma('page_count', { simple: true }) as number}`);
    const held = ingest.submit(
      Array.from({ length: 300 }, (_, i) => pointOp(t.sourceId, `f${i}`, 1)),
      origin(t.sourceId),
    );
    await until(() => ingest!.stats().pausedReason !== null, 'the pause');
    await Promise.all([ingest.close(), expect(held).rejects.toBeInstanceOf(AppError)]);
    await expect(ingest.submit([pointOp(t.sourceId, 'late', 1)], origin(t.sourceId))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(await t.store.countObjects()).toBe(0);
  });

  it('flush() resolves after everything queued before it is committed; close() stops intake', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog(), batchSize: 10_000, flushMs: 10_000 });
    void ingest.submit([pointOp(t.sourceId, 'x', 1)], origin(t.sourceId));
    await ingest.flush();
    expect(await t.store.countObjects()).toBe(1);
    await ingest.close();
    await expect(ingest.submit([pointOp(t.sourceId, 'y', 1)], origin(t.sourceId))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it('measures updates per second over whole seconds', async () => {
    let now = 10_000;
    ingest = createIngest({ store: t.store, log: memoryLog(), now: () => now, flushMs: 0 });
    await ingest.submit(
      Array.from({ length: 50 }, (_, i) => pointOp(t.sourceId, `r${i}`, 1)),
      origin(t.sourceId),
    );
    now = 11_000;
    expect(ingest.stats().updatesPerSecond).toBe(10);
  });
});
