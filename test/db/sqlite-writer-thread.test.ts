/**
 * The SQLite store's writer thread and checkpointer, through the store and through ingest: commits
 * off the main thread, two batches in flight in order, refusals after a failure, size cap, restart.
 */
import { threadId } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../db/open-store.js';
import type { IngestOp } from '../../db/store.js';
import {
  createWorkerWriter,
  resolveWriterWorkerEntry,
  type WorkerWriter,
} from '../../db/sqlite/writer/worker-writer.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { memoryLog, openTestDb, pointOp, until, type TestDb } from '../../electron/core/ingest/ingest-test-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const origin = (sourceId: string) => ({ sourceId, channel: 'hub' as const });

/** The database's size in pages now: a cap a few pages above it lets one small op in, not 400 fat ones. */
function pageCountOf(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('page_count', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('the SQLite store writer thread', () => {
  let t: TestDb & { store: SqliteStore };
  let writer: WorkerWriter | undefined;
  let ingest: IngestPipeline | undefined;
  beforeEach(async () => {
    t = (await openTestDb()) as TestDb & { store: SqliteStore };
  });
  afterEach(async () => {
    await ingest?.close();
    await writer?.close();
    ingest = undefined;
    writer = undefined;
    await t.dispose();
  });

  /** `count` fat upserts that cannot fit under a cap a few pages above the current size. */
  const fat = (prefix: string, count = 400): IngestOp[] =>
    Array.from({ length: count }, (_, i) => pointOp(t.sourceId, `${prefix}${i}`, 1, 1, 1, { name: 'y'.repeat(300) }));

  it('starts its writer thread and checkpointer with the first write, not for reads', async () => {
    // Threads of this process (Linux): V8's and libuv's pools are up by now, so only ours can add to it.
    const threads = () => readdirSync('/proc/self/task').length;
    await readFile(fileURLToPath(import.meta.url));
    const before = threads();
    await t.store.listObjects({});
    await t.store.countObjects();
    expect(threads()).toBe(before);
    await t.store.applyBatch([pointOp(t.sourceId, 'first', 1, 1, 1)]);
    expect(threads()).toBeGreaterThanOrEqual(before + 2);
    expect(await t.store.countObjects()).toBe(1);
  });

  it('starts the tsx bootstrap when running from TypeScript sources', () => {
    expect(String(resolveWriterWorkerEntry())).toMatch(/writer-worker-bootstrap\.mjs$/);
  });

  it('declares two batches in flight and commits them on its writer thread, readable by the store', async () => {
    expect(t.store.maxBatchesInFlight).toBe(2);
    ingest = createIngest({ store: t.store, log: memoryLog() });
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
    expect(moved).toEqual({ op: 'upsert', status: 'updated', object: stored, observedMs: 5000 });
    expect(stored?.geom).toEqual({ type: 'Point', coordinates: [3, 4] });
  });

  it('reports a file that cannot be opened as a failed start, and every batch as unavailable', async () => {
    writer = createWorkerWriter({ path: `${t.dir}/missing.db`, log: memoryLog() });
    await expect(writer.ready).rejects.toThrow(/unable to open|directory does not exist|missing/i);
    await expect(writer.apply([pointOp(t.sourceId, 'x', 1)])).rejects.toThrow();
  });

  it('pauses ingest on a full database and resumes when the cap is lifted, acknowledging nothing early', async () => {
    const pauses: (string | null)[] = [];
    ingest = createIngest({
      store: t.store,
      log: memoryLog(),
      retryMinMs: 5,
      retryMaxMs: 20,
      onPauseChanged: (r) => pauses.push(r),
    });
    await ingest.submit([pointOp(t.sourceId, 'first', 1)], origin(t.sourceId));
    await t.store.setMaxPageCount(1);
    let acked = false;
    const held = ingest.submit(fat('p'), origin(t.sourceId)).then((r) => ((acked = true), r));
    await until(() => ingest!.stats().pausedReason !== null, 'the pause');
    expect(ingest.isSaturated()).toBe(true);
    expect(acked).toBe(false);
    expect(await t.store.countObjects()).toBe(1);
    await t.store.setMaxPageCount(null);
    expect((await held).every((r) => r.status === 'created')).toBe(true);
    expect(pauses).toEqual([expect.stringMatching(/full/), null]);
    expect(await t.store.countObjects()).toBe(401);
  });

  it('refuses a batch sent before an earlier failure was reported, so no batch commits ahead of an earlier one', async () => {
    await t.store.applyBatch([pointOp(t.sourceId, 'first', 1)]);
    // A cap a few pages above the current size: one small op fits, 400 fat ones do not.
    await t.store.setMaxPageCount(pageCountOf(t.path) + 4);
    const big = t.store.applyBatch(fat('p'));
    const small = t.store.applyBatch([pointOp(t.sourceId, 'small', 1)]); // handed over before big's failure is known
    await expect(big).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    await expect(small).rejects.toThrow(/not written because batch \d+ before it failed/);
    expect(await t.store.countObjects()).toBe(1);
    // Sent after the failure was reported, the same small batch fits and commits.
    await expect(t.store.applyBatch([pointOp(t.sourceId, 'small', 1)])).resolves.toMatchObject([{ status: 'created' }]);
    expect(await t.store.countObjects()).toBe(2);
  });

  it('keeps two batches in flight under load and commits them in submission order', async () => {
    let inFlight = 0;
    let most = 0;
    // Delegates to the real store; only counts how many batches it holds at once.
    const counting = {
      maxBatchesInFlight: t.store.maxBatchesInFlight,
      applyBatch: async (ops: IngestOp[]) => {
        most = Math.max(most, ++inFlight);
        try {
          return await t.store.applyBatch(ops);
        } finally {
          inFlight--;
        }
      },
    };
    ingest = createIngest({ store: counting, log: memoryLog(), batchSize: 100 });
    const [created] = await ingest.submit([pointOp(t.sourceId, 'p', 0)], origin(t.sourceId));
    const id = (created as { object: { id: string } }).object.id;
    const acks = Array.from({ length: 3000 }, (_, i) =>
      ingest!.submit(
        [{ op: 'patch', objectId: id, tags: { step: i }, tagsMode: 'merge', observedAt: i + 1 }],
        origin(t.sourceId),
      ),
    );
    const results = (await Promise.all(acks)).flat();
    expect(results.every((r) => r.status === 'updated')).toBe(true);
    expect(most).toBe(2);
    // Patches do not commute: only in-order commits leave the last one's tag.
    expect((await t.store.getObject(id)).tags.step).toBe(2999);
  });

  it('writes a pipelined batch again, after the one before it, when that one failed on a full disk', async () => {
    const refused: string[] = [];
    const watching = {
      maxBatchesInFlight: t.store.maxBatchesInFlight,
      applyBatch: (ops: IngestOp[]) =>
        t.store.applyBatch(ops).catch((err: Error) => {
          refused.push(err.message);
          throw err;
        }),
    };
    // batchSize 1: every waiting submit is a full batch, so the patches go out while the big one is written.
    ingest = createIngest({ store: watching, log: memoryLog(), batchSize: 1, retryMinMs: 5 });
    const [created] = await ingest.submit([pointOp(t.sourceId, 'p', 0)], origin(t.sourceId));
    const id = (created as { object: { id: string } }).object.id;
    await t.store.setMaxPageCount(pageCountOf(t.path) + 4);
    const big = ingest.submit(fat('b'), origin(t.sourceId));
    const patches = [1, 2, 3].map((step) =>
      ingest!.submit(
        [{ op: 'patch', objectId: id, tags: { step }, tagsMode: 'merge', observedAt: step }],
        origin(t.sourceId),
      ),
    );
    await until(() => ingest!.stats().pausedReason !== null, 'the pause');
    await until(() => refused.some((m) => /not written because batch/.test(m)), 'the refused pipelined batch');
    expect(await t.store.countObjects()).toBe(1);
    await t.store.setMaxPageCount(null);
    expect((await big).every((r) => r.status === 'created')).toBe(true);
    for (const p of patches) expect((await p)[0]!.status).toBe('updated');
    expect(await t.store.countObjects()).toBe(401);
    expect((await t.store.getObject(id)).tags.step).toBe(3);
  });

  it('checkpoints committed rows into the database file from its own thread, not in the commit', async () => {
    await t.store.applyBatch(Array.from({ length: 300 }, (_, i) => pointOp(t.sourceId, `c${i}`, 1, i / 10, 1)));
    // The writer's own threshold (16,384 WAL pages) is far away: only the checkpointer copies these pages.
    const copy = `${t.dir}/file-only.db`;
    const inFile = async (): Promise<number> => {
      copyFileSync(t.path, copy); // the database file alone, without its WAL
      const db = new Database(copy, { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM osm_objects').pluck().get() as number;
      } catch {
        return -1; // the schema (or a page) is not in the file yet
      } finally {
        db.close();
      }
    };
    await until(async () => (await inFile()) === 300, 'the rows in the database file');
  });

  it('closes both of its threads, so a plain Node process that awaits close() runs on and exits', async () => {
    // In a process with nothing else alive, a close() that waited on an unreferenced thread would
    // let the process end before the await returned (seen as a benchmark that printed nothing).
    const script = `${t.dir}/close-check.mts`;
    const storeModule = pathToFileURL(`${ROOT}/db/sqlite/sqlite-store.ts`).href;
    writeFileSync(
      script,
      [
        `import { openSqliteStore } from ${JSON.stringify(storeModule)};`,
        `const store = await openSqliteStore(${JSON.stringify(t.path)}, { backup: { onClose: false } });`,
        `await store.applyBatch([]);`,
        `await store.close();`,
        `console.log('closed');`,
      ].join('\n'),
    );
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('closed');
  });

  it('restarts a writer thread that died and retries the batch it lost', async () => {
    ingest = createIngest({ store: t.store, log: memoryLog(), retryMinMs: 5 });
    await ingest.submit([pointOp(t.sourceId, 'a', 1)], origin(t.sourceId));
    const lost = ingest.submit([pointOp(t.sourceId, 'b', 1)], origin(t.sourceId));
    await t.store.restart();
    await expect(lost).resolves.toHaveLength(1);
    expect(await t.store.countObjects()).toBe(2);
  });
});
