import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ObjectFilter } from '../../../electron/contract/domain.js';
import type { ConnectionEvents } from '../api/connect-api.js';
import { createShellStore } from '../app/shell-store.js';
import { createLiveObjects } from '../state/live-objects.js';
import type { LiveSubscription } from '../state/live-subscription.js';
import { RpcError } from '../api/client.js';
import {
  countLiveObjects,
  followFilterAndView,
  LIST_REFRESH_MS,
  renewAfterReconnect,
  reportUnlessFilterRefusal,
} from './live-wiring.js';

/** A subscription that records the filters it is given (there is no main in a jsdom test). */
function recordingSub(): LiveSubscription & { filters: ObjectFilter[]; renewals: number; paused: boolean[] } {
  const filters: ObjectFilter[] = [];
  return {
    filters,
    renewals: 0,
    paused: [],
    setPaused(on) {
      this.paused.push(on);
      return Promise.resolve();
    },
    start: () => () => undefined,
    setFilter(filter) {
      filters.push(filter);
      return Promise.resolve({ total: 0, snapshotCount: 0 });
    },
    renew() {
      this.renewals++;
      return Promise.resolve();
    },
    id: null,
  };
}

describe('followFilterAndView', () => {
  it('subscribes once the map reports a view, with the padded bbox and the filter', () => {
    const shell = createShellStore();
    const sub = recordingSub();
    const stop = followFilterAndView(shell, sub, () => undefined);
    expect(sub.filters).toEqual([]);
    shell.actions.setView([0, 0, 10, 10], 5);
    expect(sub.filters).toEqual([{ bbox: [-5, -5, 15, 15] }]);
    stop();
  });

  it('ignores moves inside the padded bbox and other state, follows filter changes and big moves', () => {
    const shell = createShellStore();
    shell.actions.setView([0, 0, 10, 10], 5);
    const sub = recordingSub();
    const stop = followFilterAndView(shell, sub, () => undefined);
    expect(sub.filters).toHaveLength(1);
    shell.actions.setView([1, 1, 11, 11], 5);
    shell.actions.select('a');
    shell.actions.showTab('detail');
    expect(sub.filters).toHaveLength(1);
    shell.actions.applyFilter({ text: 'kind=ship', types: [], kinds: [], sourceIds: [] });
    expect(sub.filters[1]).toEqual({ text: 'kind=ship', bbox: [-5, -5, 15, 15] });
    shell.actions.setView([40, 40, 50, 50], 5);
    expect(sub.filters[2]).toEqual({ text: 'kind=ship', bbox: [35, 35, 55, 55] });
    stop();
    shell.actions.applyFilter({ text: '', types: [], kinds: [], sourceIds: [] });
    expect(sub.filters).toHaveLength(3);
  });

  it('reports a refused filter to onError', async () => {
    const shell = createShellStore();
    const errors: unknown[] = [];
    const sub = { ...recordingSub(), setFilter: () => Promise.reject(new Error('refused')) };
    followFilterAndView(shell, sub, (e) => errors.push(e));
    shell.actions.setView([0, 0, 1, 1], 9);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
  });
});

describe('renewAfterReconnect', () => {
  it('renews only when the connection opens again after a drop', () => {
    let listener: (state: 'connecting' | 'open' | 'closed') => void = () => undefined;
    const connection: ConnectionEvents = {
      onStateChange(l) {
        listener = l;
        return () => undefined;
      },
    };
    const sub = recordingSub();
    renewAfterReconnect(connection, sub, () => undefined);
    listener('open');
    expect(sub.renewals).toBe(0);
    listener('closed');
    listener('connecting');
    listener('open');
    listener('open');
    expect(sub.renewals).toBe(1);
  });
});

describe('countLiveObjects', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports the store size to the shell at most every LIST_REFRESH_MS, and stops', () => {
    const frames: (() => void)[] = [];
    const store = createLiveObjects((cb) => frames.push(cb));
    const shell = createShellStore();
    const stop = countLiveObjects(store, shell);
    const t = '2026-01-01T00:00:00.000Z';
    const upsert = (id: string) => {
      store.enqueue({
        subscription_id: 's',
        reset: false,
        deleted: [],
        upserted: [
          {
            id,
            osm_id: id,
            type: 'node',
            tags: {},
            geom: { type: 'Point', coordinates: [0, 0] },
            source_id: 'src',
            observed_at: t,
            created_at: t,
            updated_at: t,
          },
        ],
      });
      frames.splice(0).forEach((f) => f());
    };
    upsert('a');
    upsert('b');
    expect(shell.getState().listTick).toBe(0);
    vi.advanceTimersByTime(LIST_REFRESH_MS);
    expect(shell.getState()).toMatchObject({ liveCount: 2, listTick: 1 });
    upsert('c');
    vi.advanceTimersByTime(249);
    expect(shell.getState().listTick).toBe(1);
    vi.advanceTimersByTime(LIST_REFRESH_MS);
    expect(shell.getState()).toMatchObject({ liveCount: 3, listTick: 2 });
    upsert('d');
    stop();
    vi.advanceTimersByTime(LIST_REFRESH_MS * 2);
    expect(shell.getState().listTick).toBe(2);
  });
});

describe('reportUnlessFilterRefusal', () => {
  it('leaves a refused filter to the filter bar and reports anything else as a sentence', () => {
    const notices: string[] = [];
    const report = reportUnlessFilterRefusal((_level, message) => notices.push(message), 'The map stopped');
    report(
      new RpcError({
        code: 'INVALID_INPUT',
        message: "Unexpected '>' at position 6 in 'speed>>3'.",
        details: { field: 'text', position: 6, token: '>' },
      }),
    );
    expect(notices).toEqual([]);
    report(new RpcError({ code: 'UNAVAILABLE', message: 'The connection to the app is closed.' }));
    expect(notices).toEqual(['The map stopped: The connection to the app is closed.']);
  });
});
