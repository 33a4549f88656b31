/**
 * A subscriber's alert feed: after `subscribe_alerts`, every alert the rule engine stores goes out as
 * `{type:"alert", alert}`. Alerts wait (in order) while the socket is above its high-water mark; a
 * subscriber that lets more than `maxSubscriberPending` wait is cut off with 1013, as for objects.
 */
import type { WebSocket } from 'ws';
import { AppError } from '../../contract/errors.js';
import type { Alert } from '../../contract/methods/rules.js';
import type { AlertFeed, HubConfig } from './types.js';

/** How often waiting alerts are retried while the socket is busy (ms). */
const RETRY_MS = 25;

export interface AlertSubscription {
  /** Starts the feed (again: no-op); throws UNAVAILABLE when this hub has no rule engine. */
  subscribe(): void;
  /** Stops the feed and drops waiting alerts. */
  unsubscribe(): void;
}

/** Builds the (not yet started) alert feed of one subscriber socket. */
export function createAlertSubscription(o: {
  ws: WebSocket;
  feed: AlertFeed | undefined;
  cfg: Pick<HubConfig, 'maxSubscriberPending' | 'subscriberHighWaterBytes'>;
  /** Called once when the subscriber is cut off for being too slow. */
  onTooSlow: () => void;
}): AlertSubscription {
  const { ws, cfg } = o;
  let stopFeed: (() => void) | null = null;
  let waiting: Alert[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const isBusy = () => ws.bufferedAmount >= cfg.subscriberHighWaterBytes;
  const send = (alert: Alert) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'alert', alert }));
  };

  function flush(): void {
    timer = undefined;
    while (waiting.length > 0 && !isBusy()) send(waiting.shift()!);
    if (waiting.length > 0) timer = setTimeout(flush, RETRY_MS);
  }

  function deliver(alert: Alert): void {
    if (waiting.length === 0 && !isBusy()) return send(alert);
    waiting.push(alert);
    if (waiting.length > cfg.maxSubscriberPending) {
      unsubscribe();
      o.onTooSlow();
      return;
    }
    timer ??= setTimeout(flush, RETRY_MS);
  }

  function unsubscribe(): void {
    stopFeed?.();
    stopFeed = null;
    waiting = [];
    clearTimeout(timer);
    timer = undefined;
  }

  ws.on('close', unsubscribe);
  return {
    subscribe() {
      if (!o.feed) throw new AppError('UNAVAILABLE', 'This hub has no rule engine, so it has no alerts to send.');
      stopFeed ??= o.feed.onAlert(deliver);
    },
    unsubscribe,
  };
}
