/**
 * Exponential reconnect delay with jitter, bounded by `max_ms` (jitter included).
 */
import type { BackoffSettings } from './connection-info.js';

/**
 * Delay before reconnect attempt `attempt` (0-based):
 * min(max_ms, initial_ms * factor^attempt), spread by ± jitter, never above max_ms.
 */
export function computeBackoff(settings: BackoffSettings, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(settings.max_ms, settings.initial_ms * settings.factor ** Math.max(0, attempt));
  const spread = base * settings.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(settings.max_ms, Math.round(base + spread)));
}

/** What a polling connector's back-off needs of its context. */
interface BackoffContext {
  sourceId: string;
  now(): number;
  setState(change: { state: 'backoff'; error: string; nextRetryAt: number }): void;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

/**
 * A poller's back-off: `backOff(why, wait?)` says why in the status and the log and answers the
 * delay before the next poll (the server's `wait`, else the next exponential step); `reset()` after
 * a good answer. `what` names the poll in the log line ("overpass poll failed; waiting").
 */
export function pollBackoff(ctx: BackoffContext, settings: BackoffSettings, what: string) {
  let attempt = 0;
  return {
    backOff(why: string, wait?: number): number {
      const delay = Math.min(settings.max_ms, wait ?? computeBackoff(settings, attempt));
      attempt += 1;
      ctx.setState({ state: 'backoff', error: why, nextRetryAt: ctx.now() + delay });
      ctx.log.warn(`${what} failed; waiting`, { sourceId: ctx.sourceId, delayMs: delay, error: why });
      return delay;
    },
    reset(): void {
      attempt = 0;
    },
  };
}
