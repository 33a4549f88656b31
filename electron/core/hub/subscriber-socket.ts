/**
 * One subscriber connection: `subscribe` → `subscribe_ack` + snapshot frames, then `objects_changed`
 * deltas; `get_objects` → `objects_data`; `subscribe_alerts` → `subscribe_alerts_ack`, then `alert`s
 * (alert-subscription.ts). Conflation, batching and the bound come from the live bus (through the one
 * dispatcher); this file only frames its payloads, and closes with 1013 past the bound.
 * A `subscribe` with `at` or `from` is a replay instead (core/replay), read through the same dispatcher.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { AppError, missingCaseError } from '../../contract/errors.js';
import type { ObjectFilter, OsmObject } from '../../contract/domain.js';
import type { ObjectsChanged } from '../../contract/events.js';
import type { Logger } from '../../contract/logger.js';
import { describeValue } from '../geometry.js';
import type { LivePart, LiveSink } from '../live/live.js';
import { parseReplayRequest, type ReplayRequest } from '../replay/replay-request.js';
import { openReplay, type ReplayFrame, type ReplayRead, type ReplayStream } from '../replay/replay-stream.js';
import { createAlertSubscription } from './alert-subscription.js';
import { isUtf8 } from './http-io.js';
import type { CallContext, HubConfig, HubDeps } from './types.js';

/** Most objects in one snapshot or objects_changed frame (docs/protocol.md). */
export const MAX_OBJECTS_PER_FRAME = 1000;
let connectionSeq = 0;
export const CLOSE_TOO_SLOW = 1013;
/** Wall-clock time between two frames of a replay (docs/protocol.md). */
export const REPLAY_TICK_MS = 250;

/** The replay's clock: wall time and an unref'd one-shot timer. */
const wallClock = {
  now: Date.now,
  after(ms: number, fn: () => void): () => void {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

export interface SubscriberOptions {
  ws: WebSocket;
  clientId: string;
  deps: HubDeps;
  cfg: HubConfig;
  log: Logger;
}

/** Wires a subscriber socket. */
export function attachSubscriber(o: SubscriberOptions): void {
  const { ws, deps, cfg } = o;
  const closers: (() => void)[] = [];
  let current: string | null = null;
  /** The running replay, if the current subscription is one (never at the same time as `current`). */
  let replay: { id: string; stream: ReplayStream } | null = null;
  /**
   * Payloads of a subscription being made, until its subscribe_ack went out (the bus sends on the
   * next turn); the current subscription's payloads go straight out meanwhile.
   */
  let held: [ObjectsChanged, LivePart][] | null = null;
  /** Requests are handled one at a time, in order, so a second subscribe never races the first. */
  let queue: Promise<void> = Promise.resolve();

  const liveSink: LiveSink = {
    maxBatch: MAX_OBJECTS_PER_FRAME,
    maxPending: cfg.maxSubscriberPending,
    overflow: 'end',
    isBusy: () => ws.bufferedAmount >= cfg.subscriberHighWaterBytes,
    send(payload, part) {
      if (held && payload.subscription_id !== current) held.push([payload, part]);
      else frame(payload, part);
    },
    ended() {
      o.log.warn('subscriber cut off: too slow', { client_id: o.clientId });
      current = null;
      ws.close(CLOSE_TOO_SLOW, `Subscriber too slow: more than ${cfg.maxSubscriberPending} changes pending.`);
    },
  };

  const alerts = createAlertSubscription({
    ws,
    feed: deps.rules,
    cfg,
    onTooSlow() {
      o.log.warn('subscriber cut off: too slow for alerts', { client_id: o.clientId });
      ws.close(CLOSE_TOO_SLOW, `Subscriber too slow: more than ${cfg.maxSubscriberPending} alerts pending.`);
    },
  });

  const ctx: CallContext = {
    // Unique per connection: two subscribers may present the same client_id.
    clientId: `hub:${o.clientId}:${++connectionSeq}`,
    principal: { kind: 'app' },
    push: () => undefined,
    liveSink,
    onClose(cb) {
      closers.push(cb);
    },
  };

  /** The bus's payload in the wire format: `snapshot` frames (the last `complete`), then `objects_changed`. */
  function frame(p: ObjectsChanged, part: LivePart): void {
    if (p.subscription_id !== current) return;
    if (part === 'delta') {
      send({ type: 'objects_changed', subscription_id: current, upserted: p.upserted, deleted: p.deleted });
    } else {
      const complete = part === 'snapshot-complete';
      send({ type: 'snapshot', subscription_id: current, objects: p.upserted, deleted: p.deleted, complete });
    }
  }

  function send(msg: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  function sendError(err: { code: string; message: string }, requestId: unknown): void {
    send({
      type: 'error',
      ...(requestId === undefined ? {} : { request_id: requestId }),
      code: err.code,
      message: err.message,
    });
  }

  /**
   * Makes the new subscription first and ends the previous one only once it exists: a refused
   * subscribe leaves the previous subscription as it was, and nothing of the refused one is sent.
   */
  async function subscribe(msg: Record<string, unknown>): Promise<void> {
    const filter = filterFromMessage(msg);
    const request = parseReplayRequest(msg, Date.now());
    if (request) return subscribeReplay(msg, filter, request);
    held = [];
    const params: Record<string, unknown> = { filter };
    if (msg['snapshot_limit'] !== undefined) params['snapshot_limit'] = msg['snapshot_limit'];
    const reply = await deps.dispatcher.dispatch('live.subscribe', params, ctx);
    const early = held;
    held = null;
    if (!reply.ok) return sendError(reply.error, msg['request_id']);
    const result = reply.result as { subscription_id: string; snapshot_count: number; total: number };
    const previous = current;
    current = result.subscription_id;
    stopReplay();
    if (previous) await deps.dispatcher.dispatch('live.unsubscribe', { subscription_id: previous }, ctx);
    send({ type: 'subscribe_ack', ...idOf(msg), ...result, filter });
    for (const [payload, part] of early) frame(payload, part);
  }

  /** `objects.list` through the dispatcher, as the replay reads. */
  const read: ReplayRead = async (params) => {
    const reply = await deps.dispatcher.dispatch('objects.list', params, ctx);
    if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, { details: reply.error.details });
    return reply.result as { items: OsmObject[]; total: number };
  };

  /** Like `subscribe`: the snapshot is read first, so a refused replay leaves the previous subscription. */
  async function subscribeReplay(
    msg: Record<string, unknown>,
    filter: ObjectFilter,
    request: ReplayRequest,
  ): Promise<void> {
    const id = randomUUID();
    const stream = await openReplay({
      request,
      filter,
      read,
      clock: wallClock,
      tickMs: REPLAY_TICK_MS,
      maxPerFrame: MAX_OBJECTS_PER_FRAME,
      sink: {
        send: (f) => replayFrame(id, f),
        isBusy: () => ws.bufferedAmount >= cfg.subscriberHighWaterBytes,
        failed(err) {
          o.log.error('subscriber replay failed', { client_id: o.clientId, error: String(err) });
          if (replay?.id === id) replay = null;
          sendError(
            err instanceof AppError ? err : new AppError('INTERNAL', 'The replay could not be read.'),
            undefined,
          );
        },
      },
    });
    const previous = current;
    current = null;
    if (previous) await deps.dispatcher.dispatch('live.unsubscribe', { subscription_id: previous }, ctx);
    stopReplay();
    replay = { id, stream };
    const times =
      request.to === undefined
        ? { at: iso(request.from) }
        : { from: iso(request.from), to: iso(request.to), speed: request.speed };
    send({
      type: 'subscribe_ack',
      ...idOf(msg),
      subscription_id: id,
      snapshot_count: stream.snapshotCount,
      total: stream.total,
      filter,
      ...times,
    });
    stream.start();
  }

  function replayFrame(id: string, f: ReplayFrame): void {
    if (replay?.id !== id) return;
    const replayAt = iso(f.replayAt);
    switch (f.kind) {
      case 'snapshot':
        return send({
          type: 'snapshot',
          subscription_id: id,
          objects: f.objects,
          deleted: [],
          complete: f.complete,
          replay_at: replayAt,
        });
      case 'changed':
        return send({
          type: 'objects_changed',
          subscription_id: id,
          upserted: f.upserted,
          deleted: f.deleted,
          replay_at: replayAt,
        });
      case 'end':
        replay = null;
        return send({ type: 'replay_end', subscription_id: id, replay_at: replayAt });
      default:
        throw missingCaseError(f);
    }
  }

  function stopReplay(): void {
    replay?.stream.stop();
    replay = null;
  }

  async function getObjects(msg: Record<string, unknown>): Promise<void> {
    const params: Record<string, unknown> = { filter: filterFromMessage(msg) };
    for (const k of ['limit', 'offset', 'sort'] as const) if (msg[k] !== undefined) params[k] = msg[k];
    const reply = await deps.dispatcher.dispatch('objects.list', params, ctx);
    if (!reply.ok) return sendError(reply.error, msg['request_id']);
    const r = reply.result as { items: OsmObject[]; total: number; limit: number; offset: number };
    send({ type: 'objects_data', ...idOf(msg), objects: r.items, total: r.total, limit: r.limit, offset: r.offset });
  }

  async function handle(msg: Record<string, unknown>): Promise<void> {
    switch (msg['type']) {
      case 'subscribe':
        return subscribe(msg);
      case 'get_objects':
        return getObjects(msg);
      case 'unsubscribe':
        stopReplay();
        if (current) await deps.dispatcher.dispatch('live.unsubscribe', { subscription_id: current }, ctx);
        current = null;
        return send({ type: 'unsubscribe_ack', ...idOf(msg) });
      case 'subscribe_alerts':
        alerts.subscribe();
        return send({ type: 'subscribe_alerts_ack', ...idOf(msg) });
      case 'unsubscribe_alerts':
        alerts.unsubscribe();
        return send({ type: 'unsubscribe_alerts_ack', ...idOf(msg) });
      case 'ping':
        return send({ type: 'pong', ...idOf(msg) });
      default:
        throw new AppError(
          'INVALID_INPUT',
          `Field 'type' must be subscribe, get_objects, unsubscribe, subscribe_alerts, unsubscribe_alerts or ping, got ${describeValue(msg['type'])}.`,
        );
    }
  }

  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    let msg: unknown;
    try {
      if (!isUtf8(buf)) throw new AppError('INVALID_INPUT', 'Message is not valid UTF-8.');
      try {
        msg = JSON.parse(buf.toString('utf8'));
      } catch (err) {
        throw new AppError('INVALID_INPUT', `Message is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
      }
      if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
        throw new AppError('INVALID_INPUT', `Message must be a JSON object, got ${describeValue(msg)}.`);
      }
    } catch (err) {
      return sendError(err as AppError, undefined);
    }
    const m = msg as Record<string, unknown>;
    queue = queue
      .then(() => handle(m))
      .catch((err: unknown) => {
        const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The request could not be handled.');
        if (!(err instanceof AppError))
          o.log.error('subscriber request failed', { client_id: o.clientId, error: String(err) });
        sendError(e, m['request_id']);
      });
  });

  ws.on('close', () => {
    current = null;
    stopReplay();
    for (const cb of closers.splice(0)) {
      try {
        cb();
      } catch (err) {
        o.log.warn('subscriber cleanup failed', { error: String(err) });
      }
    }
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

function idOf(msg: Record<string, unknown>): Record<string, unknown> {
  return msg['request_id'] === undefined ? {} : { request_id: msg['request_id'] };
}

/** `filter` (an ObjectFilter or its text syntax), `text`, and the original's `object_types` list, ANDed. */
export function filterFromMessage(msg: Record<string, unknown>): ObjectFilter {
  const f = msg['filter'];
  let filter: Record<string, unknown>;
  if (f === undefined || f === null) filter = {};
  else if (typeof f === 'string') filter = { text: f };
  else if (typeof f === 'object' && !Array.isArray(f)) filter = { ...(f as Record<string, unknown>) };
  else
    throw new AppError(
      'INVALID_INPUT',
      `Field 'filter' must be an object or a filter string, got ${describeValue(f)}.`,
    );
  const text = msg['text'];
  if (text !== undefined) {
    if (typeof text !== 'string')
      throw new AppError('INVALID_INPUT', `Field 'text' must be a string, got ${describeValue(text)}.`);
    filter['text'] = typeof filter['text'] === 'string' && filter['text'] !== '' ? `${filter['text']} ${text}` : text;
  }
  const types = msg['object_types'];
  if (types !== undefined) {
    if (!Array.isArray(types))
      throw new AppError('INVALID_INPUT', `Field 'object_types' must be an array, got ${describeValue(types)}.`);
    filter['types'] = types;
  }
  return filter as ObjectFilter;
}
