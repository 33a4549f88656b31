/**
 * The `simulator` connector: moves simulated ships, cars, aircraft and drones inside the source's
 * bbox and hands `rate_per_s` updates per second to ingest, pausing while ingest is saturated.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import type { SimulatorConnectionInfo } from '../connection-info.js';
import { decodeNativeObjects } from '../decode-messages.js';
import { createSimWorld } from './sim-world.js';
import { createSimPacer } from './sim-pacer.js';

/** How often updates are handed over (ms). */
const TICK_MS = 100;

/** The `simulator` connector: always runnable. */
export const simulatorConnector: ConnectorFactory<SimulatorConnectionInfo> = {
  type: 'simulator',
  isRunnable: () => true,
  start: startSimulatorConnector,
};

/** Starts generating; the returned stop ends the loop and its timer. */
export function startSimulatorConnector(ctx: ConnectorContext<SimulatorConnectionInfo>): StopConnector {
  const { info } = ctx;
  const world = createSimWorld({ bbox: info.bbox, count: info.count, kinds: info.kinds, seed: info.seed });
  const pacer = createSimPacer(world, info.rate_per_s, ctx.now());
  const controller = new AbortController();
  const { signal } = controller;
  const pending = new Set<Promise<unknown>>();

  const loop = async (): Promise<void> => {
    ctx.setState({ state: 'connected', error: null, nextRetryAt: null });
    while (!signal.aborted) {
      try {
        await sleep(TICK_MS, undefined, { signal });
      } catch {
        break;
      }
      if (ctx.isSaturated()) {
        await ctx.whenDrained();
        pacer.rebase(ctx.now());
        continue;
      }
      const now = ctx.now();
      const objects = pacer.take(now);
      if (objects.length === 0) continue;
      ctx.noteMessage();
      const decoded = decodeNativeObjects(objects, { sourceId: ctx.sourceId, now });
      if (decoded.errors.length > 0) ctx.reportRejected(decoded.errors.length, decoded.errors[0] ?? 'Invalid object.');
      // Not awaited: the next tick must not wait for this batch's commit; backpressure covers overload.
      const committed = ctx.submit(decoded.ops).finally(() => pending.delete(committed));
      pending.add(committed);
    }
  };

  const running = loop();
  return async () => {
    controller.abort();
    await running;
    // Batches already handed over still commit; stop resolves after them, so nothing lands later.
    await Promise.all(pending);
  };
}
