/**
 * One owner per connector on a team database (issue 19 item 3): a source's connector runs only
 * while this instance holds its lease in the store, renewed every third of the lease's length. A
 * renewal that finds another holder stops it; so does a database that cannot be reached for two
 * thirds of the lease, so the old owner has stopped before anyone else may take over (the lease runs
 * out only a third later). An observation ingested twice around a takeover is still one row
 * (same source, id and observed time).
 */
import type { Logger } from '../../contract/logger.js';
import type { ConnectorLeases } from '../../../db/store.js';

export interface LeaseHooks {
  /** This instance now holds the lease: start the connector. */
  start(): void;
  /** The lease was lost or given up: stop the connector. */
  stop(): Promise<void>;
  /** Who runs it now: this instance (`isMine`) or another (`owner`, '' when nobody). */
  role(owner: string, isMine: boolean): void;
}

export interface LeaseGate {
  /** Runs the hooks' connector while this instance holds `sourceId`'s lease (replaces earlier hooks). */
  hold(sourceId: string, hooks: LeaseHooks): void;
  /** Stops wanting the lease: the connector stops (when running) and the lease is released. */
  drop(sourceId: string): Promise<void>;
  /** Drops every lease (at quit). */
  stop(): Promise<void>;
}

interface Held {
  hooks: LeaseHooks;
  running: boolean;
  /** When the last claim said the lease is ours (local clock). */
  lastOk: number;
  busy: boolean;
}

export interface LeaseGateOptions {
  leases: ConnectorLeases;
  ttlMs: number;
  log: Logger;
  now?: () => number;
}

/** Builds the gate; its renewal timer runs while any lease is wanted. */
export function createLeaseGate(options: LeaseGateOptions): LeaseGate {
  const { leases, ttlMs, log } = options;
  const now = options.now ?? Date.now;
  const held = new Map<string, Held>();
  let timer: ReturnType<typeof setInterval> | undefined;

  async function stopRunning(h: Held): Promise<void> {
    if (!h.running) return;
    h.running = false;
    await h.hooks.stop();
  }

  async function claim(sourceId: string, h: Held): Promise<void> {
    if (h.busy) return;
    h.busy = true;
    try {
      const answer = await leases.claim(sourceId, ttlMs);
      if (held.get(sourceId) !== h) {
        // Dropped while claiming: give back what this claim may have taken.
        if (answer.isMine) await leases.release(sourceId).catch(() => undefined);
        return;
      }
      if (answer.isMine) {
        h.lastOk = now();
        if (!h.running) {
          h.running = true;
          log.info('connector lease taken; running it here', { sourceId, owner: leases.label });
          h.hooks.role(leases.label, true);
          h.hooks.start();
        }
      } else {
        if (h.running)
          log.warn('connector lease held elsewhere; stopping it here', { sourceId, owner: answer.ownerLabel });
        await stopRunning(h);
        h.hooks.role(answer.ownerLabel, false);
      }
    } catch (error) {
      // The database cannot say who holds it: stop before the lease could run out for someone else.
      if (h.running && now() - h.lastOk > (ttlMs * 2) / 3) {
        log.warn('connector lease could not be renewed; stopping it here', { sourceId, error });
        await stopRunning(h);
        h.hooks.role('', false);
      }
    } finally {
      h.busy = false;
    }
  }

  const tick = (): void => {
    for (const [sourceId, h] of held) void claim(sourceId, h);
  };

  const updateTimer = (): void => {
    if (held.size > 0 && !timer) {
      timer = setInterval(tick, Math.max(200, Math.floor(ttlMs / 3)));
      timer.unref();
    } else if (held.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  async function drop(sourceId: string): Promise<void> {
    const h = held.get(sourceId);
    if (!h) return;
    held.delete(sourceId);
    updateTimer();
    const wasRunning = h.running;
    await stopRunning(h);
    if (wasRunning)
      await leases.release(sourceId).catch((error: unknown) => log.warn('lease release failed', { sourceId, error }));
  }

  return {
    hold(sourceId, hooks) {
      const h: Held = { hooks, running: false, lastOk: 0, busy: false };
      held.set(sourceId, h);
      updateTimer();
      void claim(sourceId, h);
    },
    drop,
    async stop() {
      await Promise.all([...held.keys()].map((id) => drop(id)));
    },
  };
}
