/**
 * Connection slots for the hub's upgrades: each admitted upgrade holds a slot until its socket
 * closes; a refused one is answered (429/503), logged once per burst and counted in its source's status.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../contract/logger.js';
import { createConnectionQuotas, isRefusal, type ConnectionKind, type QuotaLimits } from './connection-quotas.js';
import { presentedToken } from './request-guard.js';
import { refuseUpgrade } from './socket-registry.js';
import type { RefusalSink } from './types.js';

/** What `take` needs to know about one upgrade. */
export interface SlotAsk {
  kind: ConnectionKind;
  /** The publisher's source (from the path). */
  sourceId?: string;
  /** True when the source's token was verified: only then does the refusal count in its status. */
  authenticated?: boolean;
}

/** Creates the hub's slot keeper over one set of quotas. */
export function createUpgradeSlots(limits: QuotaLimits, log: Logger, sink?: RefusalSink) {
  const quotas = createConnectionQuotas(limits);
  const refusals = createBurstLog(log);

  /** Takes a slot, released when the socket closes; false (the refusal already answered) when a quota is full. */
  function take(req: IncomingMessage, socket: Duplex, url: URL, ask: SlotAsk): boolean {
    if (socket.destroyed) return false;
    const { kind, sourceId } = ask;
    const token = presentedToken(req, url) ?? '';
    const slot = quotas.admit({ kind, token, ...(sourceId === undefined ? {} : { sourceId }) });
    if (!isRefusal(slot)) {
      socket.once('close', slot.release);
      return true;
    }
    const counted = ask.authenticated === true && sourceId !== undefined;
    if (counted) sink?.noteRefusedConnection(sourceId);
    refusals.note(`${slot.quota}|${kind}|${counted ? sourceId : ''}`, 'connections refused by a quota', {
      kind,
      quota: slot.quota,
      status: slot.status,
      ...(counted ? { source_id: sourceId } : {}),
    });
    refuseUpgrade(socket, slot.status, slot.code, slot.message);
    return false;
  }

  return { take, counts: quotas.counts };
}

/**
 * Logs refusals once per burst: the first refusal of a key is logged at once, later ones within
 * `windowMs` are counted and summed up in one line when the window ends.
 */
export function createBurstLog(log: Logger, windowMs = 10_000) {
  const bursts = new Map<string, { more: number; fields: Record<string, unknown> }>();
  return {
    note(key: string, message: string, fields: Record<string, unknown>): void {
      const burst = bursts.get(key);
      if (burst) {
        burst.more++;
        return;
      }
      log.warn(message, fields);
      const fresh = { more: 0, fields };
      bursts.set(key, fresh);
      setTimeout(() => {
        bursts.delete(key);
        if (fresh.more > 0)
          log.warn(`${message} (burst)`, { ...fresh.fields, more_refused: fresh.more, window_ms: windowMs });
      }, windowMs).unref();
    },
  };
}
