/**
 * Child process of the ingest-write bench's RSS row: a fresh process that pushes `n` updates to
 * 100,000 objects through the pipeline (the SQLite store's writer thread) and prints one JSON line
 * with RSS figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestOp } from '../../db/store.js';
import { openSqliteStore } from '../../db/sqlite/sqlite-store.js';
import { createIngest } from '../../electron/core/ingest/ingest.js';
import { quietLogger as quiet } from '../fakes/quiet-logger.js';
import { benchUpdate, BENCH_OBJECTS } from './ingest-workload.js';

const n = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'ingest-rss-'));
const path = join(dir, 'tracker.db');
const store = await openSqliteStore(path, { backup: { intervalS: 0, onClose: false } });
const { id: sourceId } = await store.createSource({
  name: 'bench',
  description: '',
  type: 'websocket',
  connectionInfo: {},
  isActive: true,
  tokenHash: '',
});
const ingest = createIngest({ store, log: quiet });
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
const t0 = Date.now();
const start = performance.now();
for (let i = 0; i < n; i += 100) {
  if (ingest.isSaturated()) await ingest.whenDrained();
  const ops: IngestOp[] = [];
  for (let j = i; j < Math.min(n, i + 100); j++) ops.push(benchUpdate(sourceId, j, t0));
  void ingest.submit(ops, { sourceId, channel: 'hub' });
}
await ingest.flush();
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
const rss = process.memoryUsage().rss;
peak = Math.max(peak, rss);
const objects = await store.countObjects();
await ingest.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    n,
    objects,
    expectedObjects: Math.min(n, BENCH_OBJECTS),
    rssMb: rss / 1048576,
    peakRssMb: peak / 1048576,
    rate: n / seconds,
  }),
);
