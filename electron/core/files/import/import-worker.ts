/**
 * Worker-thread entry of an import: reads the file's bytes as the main thread hands them over,
 * parses and validates every record, and sends the ops back in chunks, waiting for a credit per
 * chunk, so the hub's thread never parses a file and a hostile one can only exhaust this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../contract/errors.js';
import type { IngestOp } from '../../../../db/store.js';
import type { ImportInput } from './import-types.js';
import type { FromImportWorker, ImportChunk, ImportWorkerData, ToImportWorker } from './import-worker-protocol.js';
import { readImport } from './read-import.js';
import { toOps } from './to-ops.js';

const port = parentPort;
if (!port) throw new Error('import-worker.ts must run in a worker thread.');
const data = workerData as ImportWorkerData;
const send = (msg: FromImportWorker) => port.postMessage(msg);

let credits = data.credits;
let creditWaiter: (() => void) | undefined;
let bytesWaiter: ((msg: ToImportWorker) => void) | undefined;

port.on('message', (msg: ToImportWorker) => {
  if (msg.type === 'credit') {
    credits++;
    creditWaiter?.();
    creditWaiter = undefined;
  } else {
    const waiter = bytesWaiter;
    bytesWaiter = undefined;
    waiter?.(msg);
  }
});

/** The file's bytes, pulled from the main thread one chunk at a time. */
const input: ImportInput = {
  name: data.name,
  size: data.size,
  stream: async function* () {
    for (;;) {
      const next = new Promise<ToImportWorker>((resolve) => (bytesWaiter = resolve));
      send({ type: 'pull' });
      const msg = await next;
      if (msg.type !== 'bytes') return;
      yield Buffer.from(msg.chunk.buffer, msg.chunk.byteOffset, msg.chunk.byteLength);
    }
  },
};

async function post(chunk: ImportChunk): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (creditWaiter = resolve));
  credits--;
  send({ type: 'chunk', ...chunk });
}

const empty = (): ImportChunk => ({ ops: [], records: [], skips: [] });

/** About how many bytes an op's tags and geometry take, to keep chunks (and memory in flight) small. */
function approxBytes(op: IngestOp): number {
  if (op.op !== 'upsert') return 64;
  let n = 64 + JSON.stringify(op.geom).length;
  for (const key in op.tags) {
    const value = op.tags[key];
    n += key.length + (typeof value === 'string' ? value.length : 8);
  }
  return n;
}

async function run(): Promise<void> {
  let chunk = empty();
  let bytes = 0;
  for await (const record of readImport(input, data.format, data.csv, data.limits)) {
    if ('skip' in record) chunk.skips.push({ index: record.index, reason: record.skip });
    else {
      const ops = toOps(record.object, '', Date.now());
      if (typeof ops === 'string') chunk.skips.push({ index: record.index, reason: ops });
      else {
        for (const op of ops) {
          chunk.ops.push(op);
          bytes += approxBytes(op);
        }
        chunk.records.push({ index: record.index, ops: ops.length, ...(record.object.track ? { track: true } : {}) });
      }
    }
    if (chunk.records.length + chunk.skips.length >= data.chunkRecords || bytes >= data.chunkBytes) {
      await post(chunk);
      chunk = empty();
      bytes = 0;
    }
  }
  if (chunk.records.length + chunk.skips.length > 0) await post(chunk);
  send({ type: 'done' });
}

run().catch((err: unknown) => {
  const e =
    err instanceof AppError
      ? err
      : new AppError(
          'INVALID_INPUT',
          `File '${data.name}' cannot be imported: ${String((err as Error)?.message ?? err)}.`,
        );
  send({ type: 'failed', code: e.code, message: e.message });
});
