/**
 * The reader thread kept ready for the next import (import-worker-client.ts createReaderPool): an
 * import takes it instead of starting one, the next is started only when asked (after an import),
 * a thread with another heap cap is never handed out, and the heap cap holds on a ready thread.
 * Real threads, a real SQLite store and the real ingest pipeline.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import { DEFAULTS } from '../../electron/core/config.js';
import { bufferInput, createFilesService } from '../../electron/core/files/files-service.js';
import { createReaderPool, startImportWorker } from '../../electron/core/files/import/import-worker-client.js';
import { resolveImportWorkerEntry } from '../../electron/core/files/import/import-worker-protocol.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { quietLogger } from '../fakes/quiet-logger.js';

let dir: string;
let store: Store;
let ingest: IngestPipeline;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-readers-'));
  store = await openStore(join(dir, 'tracker.db'), { dataDir: dir, log: quietLogger });
  ingest = createIngest({ store, log: quietLogger });
});
afterAll(async () => {
  await ingest.close();
  await store.close();
});

const points = (n: number, prefix: string) =>
  Array.from(
    { length: n },
    (_, i) =>
      `{"type":"Feature","properties":{"osm_id":"${prefix}${i}","name":"${prefix} ${i}"},"geometry":{"type":"Point","coordinates":[${7 + i / 1000},43.7]}}`,
  ).join('\n');

const limits = { maxDocumentBytes: 1 << 20, maxUnpackedBytes: 1 << 20, maxCompressionRatio: 200 };

describe('the ready reader thread', () => {
  it('is taken by the next import, and the one after it starts only when asked', async () => {
    const entry = resolveImportWorkerEntry();
    const pool = createReaderPool({ heapMb: 128, entry });
    try {
      const bytes = Buffer.from(points(5, 'a'));
      const reader = startImportWorker({
        input: bufferInput('a.geojsonl', bytes),
        format: 'geojsonseq',
        limits,
        heapMb: 128,
        credits: 2,
        chunkRecords: 1000,
        chunkBytes: 1 << 16,
        entry,
        pool,
      });
      // The import took the ready thread: none is left until the pool is asked for the next.
      expect(pool.take(128, entry)).toBeUndefined();
      const ops = [];
      for await (const chunk of reader.chunks) {
        ops.push(...chunk.ops);
        reader.credit();
      }
      expect(ops.map((op) => (op.op === 'upsert' ? op.osmId : op.op))).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
      await reader.stop();

      pool.refill();
      // Another heap cap or entry is never handed a thread started with this one.
      expect(pool.take(256, entry)).toBeUndefined();
      expect(pool.take(128, 'file:///elsewhere/import-worker.mjs')).toBeUndefined();
      const taken = pool.take(128, entry);
      expect(taken).toBeDefined();
      await taken!.terminate();
    } finally {
      await pool.close();
    }
    // Closed: asking for the next one starts nothing.
    pool.refill();
    expect(pool.take(128, entry)).toBeUndefined();
  });

  it('serves a files service import after import, and holds the heap cap it was started with', async () => {
    const files = createFilesService({
      store,
      ingest,
      dataDir: dir,
      warmReader: true,
      limits: { ...DEFAULTS.import, workerHeapMb: 32 },
    });
    try {
      for (const prefix of ['b', 'c', 'd']) {
        const report = await files.importInput(bufferInput(`${prefix}.geojsonl`, Buffer.from(points(200, prefix))));
        expect(report).toMatchObject({ format: 'geojsonseq', imported: 200, skipped: 0 });
      }
      // One KML line of 1.5 M positions needs far more than 32 MB: the ready thread has the cap, so only it dies.
      const line = Array.from({ length: 1_500_000 }, (_, k) => `${(k % 3600) / 10 - 180},${(k % 1700) / 10 - 85}`);
      const kml = `<kml><Placemark><LineString><coordinates>${line.join(' ')}</coordinates></LineString></Placemark></kml>`;
      await expect(files.importInput(bufferInput('huge.kml', Buffer.from(kml)))).rejects.toThrow(
        "File 'huge.kml' needs more than 32 MB to read; raise 'import.workerHeapMb' or split the file.",
      );
      // The app goes on: the next import through the first service still works.
      const after = await files.importInput(bufferInput('f.geojsonl', Buffer.from(points(3, 'f'))));
      expect(after.imported).toBe(3);
    } finally {
      await files.close();
    }
  });
});
