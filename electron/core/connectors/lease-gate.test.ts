// The lease gate (issue 19 item 3) against a fake lease table: a connector runs only while this
// instance holds its lease, stops when another holds it or when the lease cannot be renewed for two
// thirds of its length, and gives the lease back when dropped.
import { describe, expect, it } from 'vitest';
import type { ConnectorLeases, LeaseClaim } from '../../../db/store.js';
import { createLeaseGate, type LeaseHooks } from './lease-gate.js';

const log = { debug() {}, info() {}, warn() {}, error() {}, child: () => log } as never;

function fakeLeases() {
  const state = { holder: 'me' as string | null, failing: false, released: [] as string[], claims: 0 };
  const leases: ConnectorLeases = {
    label: 'host/1',
    async claim(): Promise<LeaseClaim> {
      state.claims += 1;
      if (state.failing) throw new Error('database unreachable');
      if (state.holder === null) state.holder = 'me';
      return { isMine: state.holder === 'me', ownerLabel: state.holder === 'me' ? 'host/1' : 'other/2', expiresAt: 0 };
    },
    async release(sourceId) {
      state.released.push(sourceId);
      if (state.holder === 'me') state.holder = null;
    },
  };
  return { state, leases };
}

function hooks() {
  const events: string[] = [];
  const h: LeaseHooks = {
    start: () => events.push('start'),
    stop: async () => void events.push('stop'),
    role: (owner, isMine) => events.push(`role ${owner} ${isMine}`),
  };
  return { events, h };
}

describe('createLeaseGate', () => {
  it('starts the connector when the lease is taken and stops it when a renewal finds another holder', async () => {
    const { state, leases } = fakeLeases();
    const gate = createLeaseGate({ leases, ttlMs: 300, log });
    const { events, h } = hooks();
    gate.hold('s1', h);
    await until(() => events.length === 2);
    expect(events).toEqual(['role host/1 true', 'start']);
    state.holder = 'other';
    await until(() => events.length === 4);
    expect(events.slice(2)).toEqual(['stop', 'role other/2 false']);
    // Not running any more: nothing to give back.
    await gate.drop('s1');
    expect(state.released).toEqual([]);
  });

  it('does not start the connector while another instance holds the lease, and names that one', async () => {
    const { state, leases } = fakeLeases();
    state.holder = 'other';
    const gate = createLeaseGate({ leases, ttlMs: 60_000, log });
    const { events, h } = hooks();
    gate.hold('s1', h);
    await until(() => events.length === 1);
    expect(events).toEqual(['role other/2 false']);
    await gate.drop('s1');
    expect(state.released).toEqual([]);
  });

  it('gives the lease back when dropped while running', async () => {
    const { state, leases } = fakeLeases();
    const gate = createLeaseGate({ leases, ttlMs: 60_000, log });
    const { events, h } = hooks();
    gate.hold('s1', h);
    await until(() => events.length === 2);
    await gate.drop('s1');
    expect(events).toEqual(['role host/1 true', 'start', 'stop']);
    expect(state.released).toEqual(['s1']);
  });

  it('stops the connector when the lease cannot be renewed for two thirds of its length, and not sooner', async () => {
    const { state, leases } = fakeLeases();
    let t = 1000;
    const gate = createLeaseGate({ leases, ttlMs: 300, log, now: () => t });
    const { events, h } = hooks();
    gate.hold('s1', h);
    await until(() => events.length === 2);
    state.failing = true;
    // Half the lease without a renewal: still running.
    t += 150;
    const failures = state.claims;
    await until(() => state.claims >= failures + 2);
    expect(events).toEqual(['role host/1 true', 'start']);
    // Past two thirds: stopped, owner unknown.
    t += 100;
    await until(() => events.length === 4);
    expect(events.slice(2)).toEqual(['stop', 'role  false']);
    state.failing = false;
    await until(() => events.length === 6);
    expect(events.slice(4)).toEqual(['role host/1 true', 'start']);
    await gate.stop();
  });
});

/** Polls until `check` holds (fails after 10 s); nothing is asserted about time. */
async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
}
