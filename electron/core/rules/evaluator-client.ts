/**
 * The engine's handle on its evaluation core: the rules worker thread (rules-worker.ts), or the same
 * evaluator in-process (`thread: 'main'`). Requests are answered in the order they were sent; a
 * worker that dies fails what it had in hand, is reported through `onExit`, and the next request
 * starts a new (empty) one.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../contract/errors.js';
import type { Logger } from '../../contract/logger.js';
import type { StaleThresholds } from '../../contract/staleness.js';
import type { EvaluatorReply, EvaluatorRequest, RulesWorkerData } from './evaluator-protocol.js';
import { resolveRulesWorkerEntry } from './evaluator-protocol.js';
import { createEvaluator } from './evaluator.js';

/** A request that is answered, without its id (the client numbers them). */
type Asked = EvaluatorRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type Answer = Exclude<EvaluatorReply, { type: 'log' }>;

export interface EvaluatorClientOptions {
  thread: 'worker' | 'main';
  /** The stale thresholds now: a (re)started worker begins with these. */
  staleAfter: () => StaleThresholds;
  log: Logger;
  /** Override the worker entry (a file path or file URL); default: resolveRulesWorkerEntry(). */
  entry?: string | URL;
  /** The worker stopped without being asked to (a crash): what it held is gone. */
  onExit(reason: string): void;
}

export interface EvaluatorClient {
  /** Sends a request and resolves with its answer. */
  ask(request: Asked): Promise<Answer>;
  /** Sends a request that has no answer (`seed`, `staleAfter`). */
  tell(request: Extract<EvaluatorRequest, { type: 'seed' | 'staleAfter' }>): void;
  close(): Promise<void>;
}

/** Starts the evaluator where `thread` says (the worker starts on the first request). */
export function createEvaluatorClient(options: EvaluatorClientOptions): EvaluatorClient {
  const { thread } = options;
  if (thread !== 'worker' && thread !== 'main')
    throw new AppError(
      'INVALID_INPUT',
      `The rule engine's thread must be 'worker' or 'main', not '${String(thread)}'.`,
    );
  return thread === 'main' ? inProcess(options) : onWorker(options);
}

function inProcess({ staleAfter, log }: EvaluatorClientOptions): EvaluatorClient {
  const evaluator = createEvaluator({ staleAfter: staleAfter(), log });
  return {
    ask: async (request) => evaluator.handle({ ...request, id: 0 } as EvaluatorRequest) as Answer,
    tell: (request) => void evaluator.handle(request),
    close: async () => undefined,
  };
}

function onWorker(options: EvaluatorClientOptions): EvaluatorClient {
  const { log } = options;
  const entry = options.entry ?? resolveRulesWorkerEntry();
  const pending = new Map<number, { resolve(a: Answer): void; reject(e: Error): void }>();
  let nextId = 1;
  let worker: Worker | undefined;
  let closing = false;

  function spawn(): Worker {
    const data: RulesWorkerData = { staleAfter: options.staleAfter() };
    const w = new Worker(entry, { workerData: data });
    let failure = '';
    w.on('message', (reply: EvaluatorReply) => {
      if (reply.type === 'log') return log[reply.level](reply.message, reply.fields);
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => (failure = err.message));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      const reason = failure || `exit code ${code}`;
      const error = new AppError('UNAVAILABLE', `The rules worker stopped (${reason}).`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      if (!closing) options.onExit(reason);
    });
    // Only an awaited answer keeps the process alive; an idle worker must not (close() ends it).
    w.unref();
    return w;
  }

  function current(): Worker {
    if (closing) throw new AppError('UNAVAILABLE', 'The rule engine is closed.');
    worker ??= spawn();
    return worker;
  }

  return {
    ask(request) {
      const w = current();
      const id = nextId++;
      return new Promise<Answer>((resolve, reject) => {
        if (pending.size === 0) w.ref();
        pending.set(id, { resolve, reject });
        w.postMessage({ ...request, id });
      });
    },
    tell(request) {
      current().postMessage(request);
    },
    async close() {
      closing = true;
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
