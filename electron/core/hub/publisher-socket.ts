/**
 * One publisher connection: decodes frames, submits their ops to ingest as the authenticated source,
 * acknowledges after commit, answers bad input with an error frame (the connection stays open), and
 * stops reading the socket while ingest is saturated or too many of its ops await commit.
 */
import type { WebSocket } from 'ws';
import { AppError } from '../../contract/errors.js';
import type { IngestOpResult } from '../ingest/types.js';
import { PublisherMessageError, decodePublisherFrame, type Seq } from './publisher-messages.js';
import type { HubConfig, HubDeps } from './types.js';
import type { Logger } from '../../contract/logger.js';

export interface PublisherOptions {
  ws: WebSocket;
  sourceId: string;
  clientId: string;
  deps: HubDeps;
  cfg: HubConfig;
  log: Logger;
  /** Called when a commit was refused because the source is gone (deleted/deactivated). */
  onSourceGone(sourceId: string): void;
}

/** Wires a publisher socket; returns counters for stats. */
export function attachPublisher(o: PublisherOptions): { inFlight(): number } {
  const { ws, sourceId, deps, cfg, log } = o;
  let inFlight = 0;
  let waitingForDrain = false;

  function send(msg: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  function sendError(err: AppError, seq: Seq | undefined, extra: Record<string, unknown> = {}): void {
    send({ type: 'error', ...(seq === undefined ? {} : { seq }), code: err.code, message: err.message, ...extra });
  }

  function maybePause(): void {
    if (ws.isPaused) return;
    if (inFlight >= cfg.maxInFlightOps || deps.ingest.isSaturated()) {
      ws.pause();
      if (!waitingForDrain && deps.ingest.isSaturated()) {
        waitingForDrain = true;
        void deps.ingest.whenDrained().then(() => {
          waitingForDrain = false;
          maybeResume();
        });
      }
    }
  }

  function maybeResume(): void {
    if (!ws.isPaused || ws.readyState !== ws.OPEN) return;
    if (inFlight < cfg.maxInFlightOps && !deps.ingest.isSaturated()) ws.resume();
    else maybePause();
    if (ws.isPaused && !waitingForDrain && deps.ingest.isSaturated()) {
      waitingForDrain = true;
      void deps.ingest.whenDrained().then(() => {
        waitingForDrain = false;
        maybeResume();
      });
    }
  }

  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    let msg;
    try {
      msg = decodePublisherFrame(buf, { sourceId, maxBatchObjects: cfg.maxBatchObjects });
    } catch (err) {
      const e =
        err instanceof PublisherMessageError
          ? err
          : new PublisherMessageError(new AppError('INTERNAL', 'Message could not be handled.'), undefined);
      sendError(e, e.seq);
      return;
    }
    if (msg.kind === 'ping') {
      send({ type: 'pong', ...(msg.seq === undefined ? {} : { seq: msg.seq }) });
      return;
    }
    const { ops, seq, kind } = msg;
    inFlight += ops.length;
    maybePause();
    deps.ingest
      .submit(ops, { sourceId, channel: 'hub' })
      .then((results) => answer(kind, seq, results))
      .catch((err: unknown) => {
        const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The update could not be stored.');
        if (!(err instanceof AppError))
          log.error('publisher batch failed', { source_id: sourceId, error: String(err) });
        sendError(e, seq);
      })
      .finally(() => {
        inFlight -= ops.length;
        maybeResume();
      });
  });

  function answer(kind: 'single' | 'batch', seq: Seq | undefined, results: IngestOpResult[]): void {
    const bad = results.findIndex((r) => r.status === 'rejected');
    if (bad >= 0) {
      const r = results[bad] as Extract<IngestOpResult, { status: 'rejected' }>;
      if (r.code === 'NOT_FOUND') o.onSourceGone(sourceId);
      const where = kind === 'batch' ? `In objects[${bad}]: ` : '';
      const stored = results.filter((x) => x.status !== 'rejected').length;
      sendError(new AppError(r.code, `${where}${r.reason}`), seq, kind === 'batch' ? { stored } : {});
      return;
    }
    if (kind === 'single') {
      const r = results[0] as Extract<IngestOpResult, { object: unknown }> | undefined;
      send({ type: 'ack', ...(seq === undefined ? {} : { seq }), object_id: r?.object.id });
    } else {
      send({ type: 'ack', seq: seq ?? null, count: results.length });
    }
  }

  return { inFlight: () => inFlight };
}
