// Fair shares of the hub's slots, each rule both ways: the global cap, the reserves, per source and
// per token (with the RPC sockets' reserve passing the token's quota), and the once-per-burst log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietLogger } from '../../../test/fakes/quiet-logger.js';
import { createConnectionQuotas, isRefusal, type QuotaRefusal, type SlotRequest } from './connection-quotas.js';
import { createBurstLog } from './upgrade-slots.js';

const LIMITS = {
  maxConnections: 10,
  maxConnectionsPerSource: 3,
  maxConnectionsPerToken: 4,
  reservedRpcSlots: 1,
  reservedSubscriberSlots: 2,
};
const pub = (sourceId: string, token = `tok-${sourceId}`): SlotRequest => ({ kind: 'publisher', token, sourceId });
const sub: SlotRequest = { kind: 'subscriber', token: 'app' };
const rpc: SlotRequest = { kind: 'rpc', token: 'app' };

function admitted(q: ReturnType<typeof createConnectionQuotas>, r: SlotRequest): () => void {
  const slot = q.admit(r);
  if (isRefusal(slot)) throw new Error(`refused: ${slot.message}`);
  return slot.release;
}
function refused(q: ReturnType<typeof createConnectionQuotas>, r: SlotRequest): QuotaRefusal {
  const slot = q.admit(r);
  if (!isRefusal(slot)) throw new Error('admitted');
  return slot;
}

describe('connection quotas', () => {
  it("caps one source's publishers with 429 naming the quota, and leaves other sources their own", () => {
    const q = createConnectionQuotas(LIMITS);
    const releases = [1, 2, 3].map(() => admitted(q, pub('a')));
    const r = refused(q, pub('a'));
    expect(r).toMatchObject({ status: 429, quota: 'maxConnectionsPerSource' });
    expect(r.message).toBe("Data source 'a' already has 3 connections (quota hub.maxConnectionsPerSource).");
    admitted(q, pub('b'));
    releases[0]!();
    releases[0]!(); // idempotent: one slot back, not two
    admitted(q, pub('a'));
    refused(q, pub('a'));
    expect(q.counts()).toMatchObject({ total: 4, publisher: 4 });
  });

  it('caps one token with 429, whatever the source, and counts other tokens apart', () => {
    const q = createConnectionQuotas({ ...LIMITS, maxConnectionsPerSource: 100 });
    for (const id of ['a', 'b', 'c', 'd']) admitted(q, pub(id, 'shared'));
    expect(refused(q, pub('e', 'shared'))).toMatchObject({ status: 429, quota: 'maxConnectionsPerToken' });
    admitted(q, pub('e', 'own'));
  });

  it("keeps the reserves: publishers stop short of subscribers' and RPC slots, subscribers short of RPC's", () => {
    const q = createConnectionQuotas({ ...LIMITS, maxConnectionsPerSource: 100, maxConnectionsPerToken: 100 });
    for (let i = 0; i < 7; i++) admitted(q, pub('a'));
    const r = refused(q, pub('a'));
    expect(r).toMatchObject({ status: 503, quota: 'reservedSubscriberSlots and reservedRpcSlots' });
    expect(r.message).toMatch(/reserved for subscribers and the app's RPC sockets/);
    admitted(q, sub);
    admitted(q, sub);
    expect(refused(q, sub)).toMatchObject({ status: 503, quota: 'reservedRpcSlots' });
    admitted(q, rpc);
    const full = refused(q, rpc);
    expect(full).toMatchObject({ status: 503, quota: 'maxConnections' });
    expect(full.message).toBe('The hub already holds 10 connections (quota hub.maxConnections).');
  });

  it("lets the app's RPC sockets past the app token's quota up to their reserve, and not beyond", () => {
    const q = createConnectionQuotas({ ...LIMITS, maxConnectionsPerToken: 2 });
    admitted(q, sub);
    admitted(q, sub);
    expect(refused(q, sub)).toMatchObject({ status: 429, quota: 'maxConnectionsPerToken' });
    const rpcRelease = admitted(q, rpc);
    expect(refused(q, rpc)).toMatchObject({ status: 429, quota: 'maxConnectionsPerToken' });
    rpcRelease();
    admitted(q, rpc);
  });
});

describe('burst log', () => {
  afterEach(() => vi.useRealTimers());

  it('logs the first refusal of a burst at once and the rest in one line when the window ends', () => {
    vi.useFakeTimers();
    const lines: { msg: string; fields?: Record<string, unknown> }[] = [];
    const log = {
      ...quietLogger,
      warn: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
    };
    const burst = createBurstLog(log, 1000);
    for (let i = 0; i < 500; i++) burst.note('k', 'refused', { source_id: 's' });
    burst.note('other', 'refused', { source_id: 't' });
    expect(lines.map((l) => l.fields?.['source_id'])).toEqual(['s', 't']);
    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ msg: 'refused (burst)', fields: { source_id: 's', more_refused: 499 } });
    burst.note('k', 'refused', { source_id: 's' });
    expect(lines).toHaveLength(4);
  });
});
