/**
 * The SQLite store's writer thread, seen from the main thread: batches go to writer-worker.ts by
 * postMessage, which commits them on its own connection, so a slow fsync never blocks the hub or IPC.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../electron/contract/errors.js';
import type { Logger } from '../../../electron/contract/logger.js';
import type { PruneStep, PruneStepResult } from '../../history-retention.js';
import type { RuleEffectsWrite } from '../../rule-effects-sql.js';
import type { IngestOp, IngestOpResult } from '../../store.js';
import {
  decodeResults,
  encodeOps,
  type SerializedError,
  type WriterReply,
  type WriterRequest,
} from './writer-codec.js';
import { resolveWorkerEntry } from '../../worker-entry.js';

/** File name of the bundled worker entry that production builds place beside the main bundle. */
export const WRITER_WORKER_BUNDLE = 'ingest-writer-worker';

export interface WorkerWriterOptions {
  /** SQLite database file (already migrated by openSqliteStore). */
  path: string;
  log: Pick<Logger, 'warn' | 'error'>;
  /** A database size cap in pages (SQLite `max_page_count`); writes beyond it fail as disk full. */
  maxPageCount?: number;
  /** A desktop in a team: local batches record their changes in the outbox (team-writes.ts). */
  outbox?: boolean;
  /** Override the worker entry (a file path or file URL); default: see resolveWriterWorkerEntry. */
  entry?: string | URL;
}

/** A worker-thread writer; `ready` settles once the worker opened its connection. */
export interface WorkerWriter {
  ready: Promise<void>;
  /**
   * Applies one batch in one transaction and resolves after commit. Batches are applied in call
   * order; once one fails, every batch sent before that failure was reported is refused (rejected).
   */
  apply(ops: IngestOp[]): Promise<IngestOpResult[]>;
  /** Applies a batch of a team's changes without an outbox entry, moving the last applied sequence to `seq`. */
  applyInbound(ops: IngestOp[], seq: number | undefined): Promise<IngestOpResult[]>;
  /** Sets or lifts (null) the size cap in pages; at or below the current size every write fails as full. */
  setMaxPageCount(pages: number | null): Promise<void>;
  /** Runs one retention step in its own transaction, queued between batches (never ahead of one sent before it). */
  prune(step: PruneStep): Promise<PruneStepResult>;
  /** Writes one rule-engine step in one transaction, queued like a retention step. */
  commitRuleEffects(write: RuleEffectsWrite): Promise<void>;
  /** Stops the worker now (a batch in flight fails as UNAVAILABLE); the next batch starts a new one, e.g. after a restore. */
  restart(): Promise<void>;
  /** Closes the writer, then the checkpointer; batches sent before close are still applied. */
  close(): Promise<void>;
}

/**
 * The worker entry: from TypeScript sources the tsx bootstrap beside this file; in a bundle
 * `ingest-writer-worker.{mjs,cjs,js}` beside the bundle that contains this code.
 */
export function resolveWriterWorkerEntry(): URL | string {
  return resolveWorkerEntry(
    (import.meta as { url?: string }).url,
    './writer-worker-bootstrap.mjs',
    WRITER_WORKER_BUNDLE,
    'SQLite writer worker',
  );
}

function toError(e: SerializedError): Error {
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code ? { code: e.code } : {}) });
}

/** Starts the worker; a crashed worker fails its batch as UNAVAILABLE (ingest retries) and is restarted. */
export function createWorkerWriter(options: WorkerWriterOptions): WorkerWriter {
  const { log, path } = options;
  let maxPageCount = options.maxPageCount;
  const entry = options.entry ?? resolveWriterWorkerEntry();
  const pending = new Map<
    number,
    { ops?: IngestOp[]; resolve(r: IngestOpResult[] | PruneStepResult | undefined): void; reject(e: Error): void }
  >();
  // Batches the writer committed, shared with the checkpointer so it skips its tick while nothing changed.
  const commits = new Int32Array(new SharedArrayBuffer(4));
  let nextId = 1;
  let lastFailed: number | undefined; // sent with every batch, so the worker knows we saw that failure
  let worker: Worker | undefined;
  let ready!: Promise<void>;
  let closing = false;

  function spawn(): void {
    const w = new Worker(entry, { workerData: { path, maxPageCount, commits, outbox: options.outbox === true } });
    worker = w;
    ready = new Promise<void>((resolve, reject) => {
      w.on('message', (msg: WriterReply) => {
        switch (msg.type) {
          case 'ready':
            return resolve();
          case 'failed':
            reject(toError(msg.error));
            void w.terminate();
            return;
          case 'done': {
            const p = pending.get(msg.id);
            pending.delete(msg.id);
            if (!p) return;
            try {
              p.resolve(decodeResults(msg.results, p.ops ?? []));
            } catch (err) {
              p.reject(err instanceof Error ? err : new Error(String(err)));
            }
            return;
          }
          case 'limited':
          case 'ruleEffectsDone':
            pending.get(msg.id)?.resolve(undefined);
            pending.delete(msg.id);
            return;
          case 'pruned':
            pending.get(msg.id)?.resolve(msg.result);
            pending.delete(msg.id);
            return;
          case 'taskFailed':
            pending.get(msg.id)?.reject(toError(msg.error));
            pending.delete(msg.id);
            return;
          case 'error':
            lastFailed = msg.id;
            pending.get(msg.id)?.reject(toError(msg.error));
            pending.delete(msg.id);
            return;
          case 'skipped':
            pending
              .get(msg.id)
              ?.reject(
                new AppError(
                  'UNAVAILABLE',
                  `The batch was not written because batch ${msg.failedId} before it failed.`,
                ),
              );
            pending.delete(msg.id);
            return;
          case 'closed':
            return;
        }
      });
      w.on('error', (err) => {
        log.error('The SQLite writer worker failed.', { error: err.message });
        reject(err);
      });
      w.on('exit', (code) => {
        if (worker === w) worker = undefined;
        const error = new AppError('UNAVAILABLE', `The SQLite writer worker exited with code ${code}.`);
        reject(error);
        for (const p of pending.values()) p.reject(error);
        pending.clear();
        if (!closing) log.warn('The SQLite writer worker exited; it restarts with the next batch.', { code });
      });
    });
    ready.catch(() => {});
  }

  spawn();

  // The WAL checkpointer: the same entry in its other role, so commits never wait for checkpoints.
  const checkpointer = new Worker(entry, { workerData: { path, role: 'checkpointer', commits } });
  checkpointer.on('message', (msg: WriterReply) => {
    if (msg.type === 'failed' || msg.type === 'warning')
      log.warn('The WAL checkpointer could not checkpoint; the writer checkpoints by itself meanwhile.', {
        error: msg.error.message,
      });
  });
  checkpointer.on('error', (err) => log.error('The WAL checkpointer failed.', { error: err.message }));
  const checkpointerExited = new Promise<void>((resolve) =>
    checkpointer.on('exit', (code) => {
      if (!closing) log.warn('The WAL checkpointer exited; the writer checkpoints by itself.', { code });
      resolve();
    }),
  );

  async function request(
    build: (id: number) => WriterRequest,
    ops?: IngestOp[],
  ): Promise<IngestOpResult[] | PruneStepResult | undefined> {
    if (closing) throw new AppError('UNAVAILABLE', 'The SQLite writer is closed.');
    if (!worker) spawn();
    await ready;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { ops, resolve, reject });
      worker!.postMessage(build(id));
    });
  }

  return {
    get ready() {
      return ready;
    },
    async apply(ops: IngestOp[]): Promise<IngestOpResult[]> {
      return (
        ((await request(
          (id) => ({
            type: 'apply',
            id,
            ops: encodeOps(ops),
            ...(lastFailed !== undefined ? { resume: lastFailed } : {}),
          }),
          ops,
        )) as IngestOpResult[] | undefined) ?? []
      );
    },
    async applyInbound(ops: IngestOp[], seq: number | undefined): Promise<IngestOpResult[]> {
      const sent = (id: number): WriterRequest => ({ type: 'inbound', id, ops: encodeOps(ops), seq });
      return ((await request(sent, ops)) as IngestOpResult[] | undefined) ?? [];
    },
    async prune(step: PruneStep): Promise<PruneStepResult> {
      return (await request((id) => ({ type: 'prune', id, step }))) as PruneStepResult;
    },
    async commitRuleEffects(write: RuleEffectsWrite): Promise<void> {
      await request((id) => ({ type: 'ruleEffects', id, write }));
    },
    async setMaxPageCount(pages: number | null): Promise<void> {
      // Kept for a restarted worker too.
      maxPageCount = pages ?? undefined;
      await request((id) => ({ type: 'limit', id, maxPageCount: pages }));
    },
    async restart(): Promise<void> {
      const w = worker;
      if (w) await w.terminate();
    },
    async close(): Promise<void> {
      closing = true;
      const w = worker;
      if (w) {
        await new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.postMessage({ type: 'close' } satisfies WriterRequest);
        });
      }
      checkpointer.postMessage({ type: 'close' } satisfies WriterRequest);
      await checkpointerExited;
    },
  };
}
