/**
 * One subscriber connection: `subscribe` → `subscribe_ack` + snapshot, then coalesced
 * `objects_changed` deltas from the live bus (through the one dispatcher); `get_objects` →
 * `objects_data`. A slow reader's changes are conflated per object; past a bound it is cut off (1013).
 */
import type { WebSocket } from 'ws';
import { AppError } from '../../contract/errors.js';
import type { ObjectFilter, OsmObject } from '../../contract/domain.js';
import { isUtf8 } from './http-io.js';
import { describe } from './publisher-messages.js';
import type { CallContext, HubConfig, HubDeps, HubLogger } from './types.js';

const CHUNK = 1000;
let connectionSeq = 0;
export const CLOSE_TOO_SLOW = 1013;

interface ChangedPayload {
  subscription_id: string;
  reset?: boolean;
  upserted: OsmObject[];
  deleted: string[];
}

export interface SubscriberOptions {
  ws: WebSocket;
  clientId: string;
  deps: HubDeps;
  cfg: HubConfig;
  log: HubLogger;
}

/** Wires a subscriber socket; returns a probe of its pending (conflated) object count. */
export function attachSubscriber(o: SubscriberOptions): { pending(): number } {
  const { ws, deps, cfg } = o;
  const closers: (() => void)[] = [];
  let current: string | null = null;
  let holding = false;
  const held: ChangedPayload[] = [];
  /** Conflated changes: id → latest object, or null when deleted. */
  let pending = new Map<string, OsmObject | null>();
  let inSnapshot = false;
  let timer: NodeJS.Timeout | null = null;
  let scheduled = false;
  let closed = false;

  const ctx: CallContext = {
    // Unique per connection: two subscribers may present the same client_id.
    clientId: `hub:${o.clientId}:${++connectionSeq}`,
    principal: { kind: 'app' },
    isBusy: () => ws.bufferedAmount >= cfg.subscriberHighWaterBytes || pending.size >= CHUNK * 5,
    push(event, payload) {
      if (event !== 'objects.changed' || closed) return;
      const p = payload as ChangedPayload;
      if (holding) held.push(p);
      else accept(p);
    },
    onClose(cb) {
      closers.push(cb);
    },
  };

  function accept(p: ChangedPayload): void {
    if (p.subscription_id !== current) return;
    if (p.reset) {
      pending = new Map();
      inSnapshot = true;
    }
    for (const obj of p.upserted) {
      pending.delete(obj.id);
      pending.set(obj.id, obj);
    }
    for (const id of p.deleted) {
      pending.delete(id);
      pending.set(id, null);
    }
    if (pending.size > cfg.maxSubscriberPending) {
      o.log.warn('subscriber cut off: too slow', { client_id: o.clientId, pending: pending.size });
      ws.close(CLOSE_TOO_SLOW, `Subscriber too slow: more than ${cfg.maxSubscriberPending} changes pending.`);
      pending = new Map();
      closed = true;
      return;
    }
    schedule();
  }

  function schedule(): void {
    if (scheduled || timer) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    timer = null;
    if (closed || ws.readyState !== ws.OPEN) return;
    while ((pending.size > 0 || inSnapshot) && ws.bufferedAmount < cfg.subscriberHighWaterBytes) {
      const upserted: OsmObject[] = [];
      const deleted: string[] = [];
      for (const [id, obj] of pending) {
        if (upserted.length + deleted.length >= CHUNK) break;
        pending.delete(id);
        if (obj) upserted.push(obj);
        else deleted.push(id);
      }
      if (inSnapshot) {
        const complete = pending.size === 0;
        send({ type: 'snapshot', subscription_id: current, objects: upserted, deleted, complete });
        if (complete) inSnapshot = false;
      } else {
        send({ type: 'objects_changed', subscription_id: current, upserted, deleted });
      }
    }
    // The socket is backed up: keep conflating and look again shortly.
    if (pending.size > 0 || inSnapshot) timer = setTimeout(flush, 10);
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

  async function subscribe(msg: Record<string, unknown>): Promise<void> {
    const filter = filterFromMessage(msg);
    if (current) {
      await deps.dispatcher.dispatch('live.unsubscribe', { subscription_id: current }, ctx);
      current = null;
    }
    holding = true;
    held.length = 0;
    pending = new Map();
    inSnapshot = false;
    const params: Record<string, unknown> = { filter };
    if (msg['snapshot_limit'] !== undefined) params['snapshot_limit'] = msg['snapshot_limit'];
    const reply = await deps.dispatcher.dispatch('live.subscribe', params, ctx);
    holding = false;
    if (!reply.ok) {
      held.length = 0;
      sendError(reply.error, msg['request_id']);
      return;
    }
    const result = reply.result as { subscription_id: string; snapshot_count: number; total: number };
    current = result.subscription_id;
    send({ type: 'subscribe_ack', ...idOf(msg), ...result, filter });
    // The snapshot is the live bus's first push (reset: true); it may already be held.
    for (const p of held.splice(0)) accept(p);
    schedule();
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
        if (current) await deps.dispatcher.dispatch('live.unsubscribe', { subscription_id: current }, ctx);
        current = null;
        pending = new Map();
        inSnapshot = false;
        return send({ type: 'unsubscribe_ack', ...idOf(msg) });
      case 'ping':
        return send({ type: 'pong', ...idOf(msg) });
      default:
        throw new AppError(
          'INVALID_INPUT',
          `Field 'type' must be subscribe, get_objects, unsubscribe or ping, got ${describe(msg['type'])}.`,
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
        throw new AppError('INVALID_INPUT', `Message must be a JSON object, got ${describe(msg)}.`);
      }
    } catch (err) {
      return sendError(err as AppError, undefined);
    }
    const m = msg as Record<string, unknown>;
    handle(m).catch((err: unknown) => {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The request could not be handled.');
      if (!(err instanceof AppError))
        o.log.error('subscriber request failed', { client_id: o.clientId, error: String(err) });
      sendError(e, m['request_id']);
    });
  });

  ws.on('close', () => {
    closed = true;
    if (timer) clearTimeout(timer);
    pending = new Map();
    for (const cb of closers.splice(0)) {
      try {
        cb();
      } catch (err) {
        o.log.warn('subscriber cleanup failed', { error: String(err) });
      }
    }
  });

  return { pending: () => pending.size };
}

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
  else throw new AppError('INVALID_INPUT', `Field 'filter' must be an object or a filter string, got ${describe(f)}.`);
  const text = msg['text'];
  if (text !== undefined) {
    if (typeof text !== 'string')
      throw new AppError('INVALID_INPUT', `Field 'text' must be a string, got ${describe(text)}.`);
    filter['text'] = typeof filter['text'] === 'string' && filter['text'] !== '' ? `${filter['text']} ${text}` : text;
  }
  const types = msg['object_types'];
  if (types !== undefined) {
    if (!Array.isArray(types))
      throw new AppError('INVALID_INPUT', `Field 'object_types' must be an array, got ${describe(types)}.`);
    filter['types'] = types;
  }
  return filter as ObjectFilter;
}
