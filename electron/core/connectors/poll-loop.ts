/**
 * The polling sources' loop (rest, aircraft_json, opensky): poll, then wait until the delay the poll
 * returns has passed since it started (the interval, or a backoff), pausing while ingest is
 * saturated. It ends when `signal` aborts, also in the middle of a wait. `intervalMs` is reported
 * in the status ("polling every 5 s").
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectorContext } from './connector-context.js';

export async function runPollLoop(
  ctx: Pick<ConnectorContext<unknown>, 'now' | 'isSaturated' | 'whenDrained' | 'setState'>,
  signal: AbortSignal,
  poll: () => Promise<number>,
  intervalMs: number,
): Promise<void> {
  ctx.setState({ state: 'polling', nextRetryAt: null, pollIntervalMs: intervalMs });
  while (!signal.aborted) {
    const started = ctx.now();
    if (ctx.isSaturated()) await ctx.whenDrained();
    if (signal.aborted) break;
    const delay = await poll();
    try {
      await sleep(Math.max(0, started + delay - ctx.now()), undefined, { signal });
    } catch {
      break;
    }
  }
}
