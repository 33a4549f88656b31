/**
 * A simulated publisher that speaks the hub protocol like any external one: it connects to
 * `WS /api/ws/data-source/{source_id}/{client_id}` with the source token, sends paced batches
 * `{type:"objects", seq, objects}` and counts the acks. Used by `npm run simulate` and load tests.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { Bbox } from '../../../contract/domain.js';
import type { SimulatorKind } from '../connection-info.js';
import { createSimWorld } from './sim-world.js';
import { createSimPacer } from './sim-pacer.js';

export interface PublisherOptions {
  /** Hub base (`http://host:port`, `ws://host:port`) or a full publisher WebSocket URL. */
  url: string;
  sourceId: string;
  token: string;
  objects: number;
  /** Object updates per second. */
  rate: number;
  bbox: Bbox;
  kinds?: readonly SimulatorKind[];
  seed?: number;
  /** Stop after this many seconds (runs until stop() otherwise). */
  durationS?: number;
  /** Most objects per batch message. */
  batchSize?: number;
  clientId?: string;
  /** Called about once a second. */
  onProgress?: (report: PublisherReport) => void;
}

export interface PublisherReport {
  sent: number;
  acked: number;
  errors: number;
  elapsed_s: number;
  rate_asked: number;
  /** Acknowledged updates per second since the connection opened. */
  rate_achieved: number;
  last_error: string | null;
}

export interface Publisher {
  /** Resolves when the run ends (duration reached, stop(), or the connection was lost). */
  done: Promise<PublisherReport>;
  /** Ends the run after waiting briefly for outstanding acks. */
  stop(): void;
}

const TICK_MS = 20;
const ACK_WAIT_MS = 5000;

/** Builds the publisher WebSocket URL from a hub base URL. */
export function publisherUrl(url: string, sourceId: string, clientId: string): string {
  const u = new URL(url);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
    throw new Error(`Option '--url' must use http(s):// or ws(s)://, got '${withoutQuery(url)}'.`);
  if (!u.pathname.includes('/api/ws/data-source/')) {
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/api/ws/data-source/${encodeURIComponent(sourceId)}/${encodeURIComponent(clientId)}`;
  }
  u.search = '';
  return u.toString();
}

/** `url` without its query and fragment, for messages: a pasted app link carries `?token=…`. */
export function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/s, '');
}

/** Connects and starts publishing. */
export function startPublisher(options: PublisherOptions): Publisher {
  const clientId = options.clientId ?? `simulate-${randomUUID().slice(0, 8)}`;
  const world = createSimWorld({
    bbox: options.bbox,
    count: options.objects,
    kinds: options.kinds,
    seed: options.seed,
  });
  const batchSize = options.batchSize ?? Math.max(1, Math.min(1000, Math.ceil((options.rate * TICK_MS) / 1000)));
  // Unacknowledged updates allowed in flight: two seconds' worth, so a slow hub slows us down.
  const window = Math.max(batchSize * 4, options.rate * 2);
  const ws = new WebSocket(publisherUrl(options.url, options.sourceId, clientId), {
    headers: { authorization: `Bearer ${options.token}` },
    perMessageDeflate: false,
  });
  const inFlight = new Map<number | string, number>();
  let seq = 0;
  let sent = 0;
  let acked = 0;
  let errors = 0;
  let lastError: string | null = null;
  let openedAt = 0;
  let lastAckAt = 0;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let progress: ReturnType<typeof setInterval> | undefined;
  let endTimer: ReturnType<typeof setTimeout> | undefined;
  let stopping = false;
  let resolveDone: (r: PublisherReport) => void = () => {};
  const done = new Promise<PublisherReport>((resolve) => (resolveDone = resolve));

  const report = (): PublisherReport => {
    const elapsed = openedAt > 0 ? ((lastAckAt > openedAt ? lastAckAt : Date.now()) - openedAt) / 1000 : 0;
    return {
      sent,
      acked,
      errors,
      elapsed_s: Math.round(elapsed * 1000) / 1000,
      rate_asked: options.rate,
      rate_achieved: elapsed > 0 ? Math.round((acked / elapsed) * 10) / 10 : 0,
      last_error: lastError,
    };
  };

  const clearTimers = (): void => {
    if (ticker) clearInterval(ticker);
    if (progress) clearInterval(progress);
    if (endTimer) clearTimeout(endTimer);
    ticker = progress = endTimer = undefined;
  };

  const pacer = createSimPacer(world, options.rate, Date.now());
  const tick = (): void => {
    if (stopping || ws.readyState !== WebSocket.OPEN) return;
    let unacked = 0;
    for (const n of inFlight.values()) unacked += n;
    const room = Math.max(0, window - unacked);
    const objects = pacer.take(Date.now(), room);
    for (let i = 0; i < objects.length; i += batchSize) {
      const batch = objects.slice(i, i + batchSize);
      seq += 1;
      inFlight.set(seq, batch.length);
      sent += batch.length;
      ws.send(JSON.stringify({ type: 'objects', seq, objects: batch }));
    }
  };

  const finish = (): void => {
    clearTimers();
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
    else resolveDone(report());
  };

  ws.on('open', () => {
    openedAt = Date.now();
    pacer.rebase(openedAt);
    ticker = setInterval(tick, TICK_MS);
    progress = setInterval(() => options.onProgress?.(report()), 1000);
    if (options.durationS !== undefined) endTimer = setTimeout(stop, options.durationS * 1000);
  });
  ws.on('message', (data) => {
    let msg: { type?: string; seq?: number | string; count?: number; code?: string; message?: string };
    try {
      msg = JSON.parse(String(data)) as typeof msg;
    } catch {
      return;
    }
    if (msg.type === 'ack' && msg.seq !== undefined) {
      acked += msg.count ?? inFlight.get(msg.seq) ?? 0;
      inFlight.delete(msg.seq);
      lastAckAt = Date.now();
    } else if (msg.type === 'error') {
      errors += msg.seq !== undefined ? (inFlight.get(msg.seq) ?? 1) : 1;
      if (msg.seq !== undefined) inFlight.delete(msg.seq);
      lastError = `${msg.code ?? 'ERROR'}: ${msg.message ?? ''}`;
    }
    if (stopping && inFlight.size === 0) finish();
  });
  ws.on('error', (err) => {
    lastError = err.message;
  });
  ws.on('close', (code, reason) => {
    clearTimers();
    if (!stopping && code !== 1000)
      lastError = lastError ?? `Connection closed (code ${code}${reason.length ? `, ${reason.toString()}` : ''}).`;
    resolveDone(report());
  });

  function stop(): void {
    if (stopping) return;
    stopping = true;
    if (ticker) clearInterval(ticker);
    ticker = undefined;
    if (inFlight.size === 0) {
      finish();
      return;
    }
    endTimer = setTimeout(finish, ACK_WAIT_MS);
  }

  return { done, stop };
}
