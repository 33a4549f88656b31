/**
 * The main thread's side of an import's reader thread: starts import-worker.ts with a heap cap (or
 * takes the one a ReaderPool started ahead of need), hands it the file's bytes as it asks
 * (transferred, one chunk in flight), and yields its chunks of validated ops. A reader that runs out
 * of heap or dies ends the import with one sentence.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../contract/errors.js';
import type { CsvOptions, ImportFormat, ImportInput } from './import-types.js';
import {
  resolveImportWorkerEntry,
  type FromImportWorker,
  type ImportChunk,
  type ImportWorkerData,
} from './import-worker-protocol.js';
import type { NodeColumns } from './osm/compact-store.js';
import type { ReadLimits } from './read-import.js';

export interface ImportWorkerOptions {
  input: ImportInput;
  format: ImportFormat;
  csv?: CsvOptions;
  limits: ReadLimits;
  /** The reader thread's old-generation heap cap in MB. */
  heapMb: number;
  /** Chunks sent before a credit is needed. */
  credits: number;
  chunkRecords: number;
  chunkBytes: number;
  entry?: string | URL;
  /** Reader threads started ahead of need; without it (or a fitting one) a thread starts now. */
  pool?: ReaderPool;
}

/**
 * Keeps one reader thread started ahead of need, so an import does not wait for a thread to load its
 * modules (measured: 150–350 ms here, a fifth of importing a city extract). A thread reads one file;
 * after an import takes the ready one, the next is started when that import ends (not during it,
 * where it would take CPU from the import). An idle ready thread keeps no process alive.
 */
export interface ReaderPool {
  /** The ready thread when it has this heap cap and entry, else undefined. */
  take(heapMb: number, entry: string | URL): Worker | undefined;
  /** An import ended: start the next ready thread if there is none. */
  refill(): void;
  close(): Promise<void>;
}

export function createReaderPool(options: { heapMb: number; entry?: string | URL }): ReaderPool {
  const entry = options.entry ?? resolveImportWorkerEntry();
  let ready: Worker | undefined;
  let closed = false;
  const start = () => {
    if (closed || ready) return;
    const w = spawn(entry, options.heapMb);
    // A ready thread that fails or stops is dropped; the next import starts its own.
    const drop = () => {
      if (ready === w) ready = undefined;
    };
    w.once('error', drop);
    w.once('exit', drop);
    w.unref();
    ready = w;
  };
  start();
  return {
    take(heapMb, wanted) {
      const w = ready;
      if (!w || heapMb !== options.heapMb || String(wanted) !== String(entry)) return undefined;
      ready = undefined;
      w.removeAllListeners('error');
      w.removeAllListeners('exit');
      w.ref();
      return w;
    },
    refill: start,
    async close() {
      closed = true;
      const w = ready;
      ready = undefined;
      if (w) await w.terminate();
    },
  };
}

function spawn(entry: string | URL, heapMb: number): Worker {
  return new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
}

/** A running reader: its chunks in file order, credits back, bytes handed over so far; stop ends the chunks. */
export interface ImportWorkerClient {
  chunks: AsyncIterable<ImportChunk>;
  /** An OSM extract's node locations, once the chunks ended (undefined for other files). */
  nodeColumns(): NodeColumns | undefined;
  credit(): void;
  bytesRead(): number;
  stop(): Promise<void>;
}

/** Starts the reader thread for one file. */
export function startImportWorker(o: ImportWorkerOptions): ImportWorkerClient {
  const data: ImportWorkerData = {
    name: o.input.name,
    size: o.input.size,
    format: o.format,
    csv: o.csv ?? {},
    limits: { ...o.limits },
    credits: o.credits,
    chunkRecords: o.chunkRecords,
    chunkBytes: o.chunkBytes,
  };
  const entry = o.entry ?? resolveImportWorkerEntry();
  const worker = o.pool?.take(o.heapMb, entry) ?? spawn(entry, o.heapMb);
  worker.postMessage({ type: 'start', data });
  const queue = createQueue<ImportChunk>();
  const bytes = o.input.stream()[Symbol.asyncIterator]();
  let read = 0;
  let finished = false;
  let nodes: NodeColumns | undefined;
  const fail = (err: Error) => {
    finished = true;
    queue.fail(err);
    void worker.terminate();
  };
  const pump = async () => {
    const next = await bytes.next();
    if (next.done) return worker.postMessage({ type: 'end' });
    read += next.value.length;
    const chunk = ownBuffer(next.value);
    worker.postMessage({ type: 'bytes', chunk }, [chunk.buffer as ArrayBuffer]);
  };
  worker.on('message', (msg: FromImportWorker) => {
    if (msg.type === 'pull') pump().catch((err: unknown) => fail(readFailure(o.input.name, err)));
    else if (msg.type === 'chunk') queue.push({ ops: msg.ops, records: msg.records, skips: msg.skips });
    else if (msg.type === 'nodes')
      nodes = {
        ids: msg.ids,
        lon: msg.lon,
        lat: msg.lat,
        ...(msg.ways ? { ways: msg.ways } : {}),
        ...(msg.relations ? { relations: msg.relations } : {}),
      };
    else if (msg.type === 'done') {
      finished = true;
      queue.end();
      void worker.terminate();
    } else fail(new AppError(msg.code as ErrorCode, msg.message));
  });
  worker.on('error', (err: Error & { code?: string }) => fail(workerFailure(o.input.name, err, o.heapMb)));
  worker.on('exit', (code) => {
    if (!finished) fail(new AppError('INTERNAL', `The reader of '${o.input.name}' stopped (exit code ${code}).`));
  });
  return {
    chunks: queue,
    nodeColumns: () => nodes,
    credit: () => worker.postMessage({ type: 'credit' }),
    bytesRead: () => read,
    async stop() {
      finished = true;
      queue.end();
      await worker.terminate();
      await bytes.return?.();
    },
  };
}

/**
 * The chunk itself when it is the sole view of its ArrayBuffer (file reads), else a copy: the
 * transfer detaches the buffer, which must hold nothing anyone else reads (pooled or sliced bytes).
 */
function ownBuffer(chunk: Buffer): Uint8Array {
  const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
  return whole && chunk.buffer instanceof ArrayBuffer ? chunk : new Uint8Array(chunk);
}

function workerFailure(name: string, err: Error & { code?: string }, heapMb: number): AppError {
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new AppError(
      'INVALID_INPUT',
      `File '${name}' needs more than ${heapMb} MB to read; raise 'import.workerHeapMb' or split the file.`,
    );
  }
  return new AppError('INVALID_INPUT', `File '${name}' cannot be imported: ${err.message}.`, { cause: err });
}

function readFailure(name: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('UNAVAILABLE', `File '${name}' could not be read to the end: ${(err as Error).message}.`);
}

/** A single-consumer async queue that can end or fail. */
function createQueue<T>(): AsyncIterable<T> & { push(v: T): void; end(): void; fail(e: Error): void } {
  const items: T[] = [];
  let done = false;
  let error: Error | undefined;
  let wake: (() => void) | undefined;
  const poke = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push: (v) => (items.push(v), poke()),
    end: () => ((done = true), poke()),
    fail: (e) => ((error ??= e), poke()),
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (error) throw error;
        if (items.length > 0) yield items.shift()!;
        else if (done) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
