/**
 * Worker-thread entry of an import: reads the file's bytes as the main thread hands them over,
 * parses and validates every record, and sends the ops back in chunks, waiting for a credit per
 * chunk, so the hub's thread never parses a file and a hostile one can only exhaust this thread.
 * The thread may be started ahead of need (import-worker-client.ts keeps one ready): it loads its
 * modules, then waits for the `start` message that names its one file.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../contract/errors.js';
import type { Geometry } from '../../../contract/domain.js';
import type { IngestOp } from '../../../../db/store.js';
import type { ImportInput } from './import-types.js';
import type { FromImportWorker, ImportChunk, ImportWorkerData, ToImportWorker } from './import-worker-protocol.js';
import type { NodeColumns } from './osm/compact-store.js';
import { readImport } from './read-import.js';
import { toOps } from './to-ops.js';

const port = parentPort;
if (!port) throw new Error('import-worker.ts must run in a worker thread.');
const send = (msg: FromImportWorker) => port.postMessage(msg);

let data: ImportWorkerData;
let credits = 0;
let creditWaiter: (() => void) | undefined;
let bytesWaiter: ((msg: ToImportWorker) => void) | undefined;

port.on('message', (msg: ToImportWorker) => {
  if (msg.type === 'start') {
    data = msg.data;
    credits = data.credits;
    start();
  } else if (msg.type === 'credit') {
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
const input = (): ImportInput => ({
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
});

async function post(chunk: ImportChunk): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (creditWaiter = resolve));
  credits--;
  send({ type: 'chunk', ...chunk });
}

const empty = (): ImportChunk => ({ ops: [], records: [], skips: [] });

/** About how many bytes an op's tags and geometry take, to keep chunks (and memory in flight) small. */
function approxBytes(op: IngestOp): number {
  if (op.op !== 'upsert') return 64;
  // About 11 bytes per number as JSON: counted, not serialized (serializing was ~5% of reading an extract).
  let n = 64 + 11 * coordinateCount(op.geom);
  for (const key in op.tags) {
    const value = op.tags[key];
    n += key.length + (typeof value === 'string' ? value.length : 8);
  }
  return n;
}

/** How many numbers a geometry holds (nested coordinate arrays, collections included). */
function coordinateCount(g: Geometry): number {
  if (g.type === 'GeometryCollection') return g.geometries.reduce((n, part) => n + coordinateCount(part), 0);
  return countNumbers(g.coordinates);
}

function countNumbers(value: unknown): number {
  if (!Array.isArray(value)) return 1;
  if (value.length === 0 || !Array.isArray(value[0])) return value.length;
  let n = 0;
  for (const part of value) n += countNumbers(part);
  return n;
}

/** Most node locations an import hands to the node-location store (16 bytes each in flight). */
const MAX_NODE_LOCATIONS = 20_000_000;
/** Most way node references an import hands to the way→node index (8 bytes each in flight). */
const MAX_WAY_REFS = 40_000_000;

async function run(): Promise<void> {
  let chunk = empty();
  let bytes = 0;
  let nodes: NodeColumns | undefined;
  const hooks = {
    onNodeColumns: (n: NodeColumns) => {
      const { ways, ...located } = n;
      // The way lists go with the node locations, when they fit too.
      nodes = n.ids.length > MAX_NODE_LOCATIONS ? undefined : ways && ways.nodes.length <= MAX_WAY_REFS ? n : located;
    },
  };
  for await (const record of readImport(input(), data.format, data.csv, data.limits, hooks)) {
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
  if (nodes && nodes.ids.length > 0)
    port!.postMessage({ type: 'nodes', ...nodes } satisfies FromImportWorker, [
      nodes.ids.buffer as ArrayBuffer,
      nodes.lon.buffer as ArrayBuffer,
      nodes.lat.buffer as ArrayBuffer,
      ...(nodes.ways
        ? [
            nodes.ways.ids.buffer as ArrayBuffer,
            nodes.ways.starts.buffer as ArrayBuffer,
            nodes.ways.nodes.buffer as ArrayBuffer,
          ]
        : []),
    ]);
  send({ type: 'done' });
}

function start(): void {
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
}
