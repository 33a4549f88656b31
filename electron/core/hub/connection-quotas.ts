/**
 * Fair shares of the hub's WebSocket slots: a global cap, per-source and per-token quotas, and slots
 * held back for the app's own RPC sockets and for subscribers, so one feed cannot starve the others.
 */
import { createHash } from 'node:crypto';
import type { HubConfig } from './types.js';

/** Who is connecting: a source's publisher, a subscriber, or the app's own RPC socket (added upgrades). */
export type ConnectionKind = 'publisher' | 'subscriber' | 'rpc';

/** Why a connection was refused: its HTTP status, the config key of the quota, and one sentence. */
export interface QuotaRefusal {
  status: 429 | 503;
  code: 'OVERLOADED';
  quota: string;
  message: string;
}

/** The quota settings this uses (hub config). */
export type QuotaLimits = Pick<
  HubConfig,
  | 'maxConnections'
  | 'maxConnectionsPerSource'
  | 'maxConnectionsPerToken'
  | 'reservedRpcSlots'
  | 'reservedSubscriberSlots'
>;

/** Who asks for a slot: the kind, the token presented, and the source of a publisher. */
export interface SlotRequest {
  kind: ConnectionKind;
  token: string;
  sourceId?: string;
}

/** Creates the slot book; `admit` either takes a slot (call `release` once it closes) or says why not. */
export function createConnectionQuotas(limits: QuotaLimits) {
  let total = 0;
  const byKind: Record<ConnectionKind, number> = { publisher: 0, subscriber: 0, rpc: 0 };
  const bySource = new Map<string, number>();
  const byToken = new Map<string, number>();

  function check(r: SlotRequest, tokenKey: string): QuotaRefusal | null {
    const free = limits.maxConnections - total;
    if (free <= 0) {
      return overloaded(503, 'maxConnections', `The hub already holds ${limits.maxConnections} connections.`);
    }
    const rpcHeld = r.kind === 'rpc' ? 0 : Math.max(0, limits.reservedRpcSlots - byKind.rpc);
    const subHeld = r.kind === 'publisher' ? Math.max(0, limits.reservedSubscriberSlots - byKind.subscriber) : 0;
    if (free - rpcHeld - subHeld <= 0) {
      const quota = r.kind === 'publisher' ? 'reservedSubscriberSlots and reservedRpcSlots' : 'reservedRpcSlots';
      const forWhom = r.kind === 'publisher' ? "subscribers and the app's RPC sockets" : "the app's RPC sockets";
      return overloaded(503, quota, `The hub's last ${free} free connection slots are reserved for ${forWhom}.`);
    }
    if (r.kind === 'publisher' && r.sourceId !== undefined) {
      if ((bySource.get(r.sourceId) ?? 0) >= limits.maxConnectionsPerSource) {
        const n = limits.maxConnectionsPerSource;
        return overloaded(
          429,
          'maxConnectionsPerSource',
          `Data source '${r.sourceId.slice(0, 100)}' already has ${n} connections.`,
        );
      }
    }
    // The app's RPC sockets always get their reserved slots, whatever the app token's other sockets hold.
    const rpcReserved = r.kind === 'rpc' && byKind.rpc < limits.reservedRpcSlots;
    if (!rpcReserved && (byToken.get(tokenKey) ?? 0) >= limits.maxConnectionsPerToken) {
      const n = limits.maxConnectionsPerToken;
      return overloaded(429, 'maxConnectionsPerToken', `The token presented already holds ${n} connections.`);
    }
    return null;
  }

  /** Takes a slot, or answers why not. `release` is idempotent. */
  function admit(r: SlotRequest): { release: () => void } | QuotaRefusal {
    const tokenKey = createHash('sha256').update(r.token, 'utf8').digest('base64url');
    const refusal = check(r, tokenKey);
    if (refusal) return refusal;
    total++;
    byKind[r.kind]++;
    bump(byToken, tokenKey, 1);
    if (r.kind === 'publisher' && r.sourceId !== undefined) bump(bySource, r.sourceId, 1);
    let held = true;
    return {
      release() {
        if (!held) return;
        held = false;
        total--;
        byKind[r.kind]--;
        bump(byToken, tokenKey, -1);
        if (r.kind === 'publisher' && r.sourceId !== undefined) bump(bySource, r.sourceId, -1);
      },
    };
  }

  return { admit, counts: () => ({ total, ...byKind }) };
}

/** True when `admit` answered a refusal. */
export function isRefusal(v: { release: () => void } | QuotaRefusal): v is QuotaRefusal {
  return 'status' in v;
}

function overloaded(status: 429 | 503, key: string, sentence: string): QuotaRefusal {
  const names = key
    .split(' and ')
    .map((k) => `hub.${k}`)
    .join(' and ');
  return { status, code: 'OVERLOADED', quota: key, message: `${sentence.slice(0, -1)} (quota ${names}).` };
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
