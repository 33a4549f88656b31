import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OsmObject } from '../../../electron/contract/domain.js';
import { createClient, type RpcReply } from '../api/client.js';
import { createShellStore } from '../app/shell-store.js';
import { createLiveObjects } from '../state/live-objects.js';
import type { LiveSubscription } from '../state/live-subscription.js';
import { followReplay, SNAPSHOT_INTERVAL_MS, TRAILS_DEBOUNCE_MS } from './replay-wiring.js';

const FROM = Date.parse('2026-03-10T08:00:00Z');
const TO = Date.parse('2026-03-10T12:00:00Z');

const ship = (lon: number, at: number): OsmObject => ({
  id: 'ship',
  osm_id: 'ship',
  type: 'node',
  tags: { kind: 'ship' },
  geom: { type: 'Point', coordinates: [lon, 0] },
  source_id: 's',
  observed_at: new Date(at).toISOString(),
  created_at: new Date(FROM).toISOString(),
  updated_at: new Date(at).toISOString(),
});

/** A main that answers objects.list with the ship at lon = minutes since FROM, and records calls. */
function fakeMain() {
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  const client = createClient({
    call(method, params): Promise<RpcReply> {
      const p = params as Record<string, unknown>;
      calls.push({ method, params: p });
      if (method === 'objects.list') {
        const at = Date.parse(p.at as string);
        return Promise.resolve({
          ok: true,
          result: { items: [ship((at - FROM) / 60_000, at)], total: 1, limit: 1, offset: 0 },
        });
      }
      if (method === 'objects.trails')
        return Promise.resolve({ ok: true, result: { items: [{ id: 'ship', points: [[FROM + 5 * 60_000, 5, 0]] }] } });
      return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'no' } });
    },
    on: () => () => undefined,
  });
  return { client, calls, of: (m: string) => calls.filter((c) => c.method === m) };
}

function pausingSub(): LiveSubscription & { paused: boolean[] } {
  return {
    paused: [],
    start: () => () => undefined,
    setFilter: () => Promise.resolve({ total: 0, snapshotCount: 0 }),
    renew: () => Promise.resolve(),
    setPaused(on) {
      this.paused.push(on);
      return Promise.resolve();
    },
    id: null,
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  const shell = createShellStore();
  const frames: (() => void)[] = [];
  const store = createLiveObjects((cb) => frames.push(cb));
  const main = fakeMain();
  const sub = pausingSub();
  shell.actions.setView([-10, -10, 10, 10], 5);
  shell.actions.replay({ type: 'range', from: FROM, to: TO });
  const stop = followReplay({ shell, client: main.client, store, sub, onError: (e) => void e });
  const settle = async (ms = 0) => {
    await vi.advanceTimersByTimeAsync(ms);
    frames.splice(0).forEach((f) => f());
  };
  return { shell, store, main, sub, stop, settle };
}

describe('followReplay', () => {
  it('pauses live events and shows the moment from objects.list with the view bbox', async () => {
    const { shell, store, main, sub, stop, settle } = setup();
    shell.actions.replay({ type: 'seek', at: FROM + 30 * 60_000 });
    await settle();
    expect(sub.paused).toEqual([true]);
    expect(main.of('objects.list')).toEqual([
      {
        method: 'objects.list',
        params: { filter: { bbox: [-20, -20, 20, 20] }, at: '2026-03-10T08:30:00.000Z', limit: 10_000 },
      },
    ]);
    expect(store.get('ship')!.obj.geom).toEqual({ type: 'Point', coordinates: [30, 0] });
    stop();
  });

  it('asks at most once per interval while the time moves, keeping the last answer meanwhile', async () => {
    const { shell, store, main, stop, settle } = setup();
    shell.actions.replay({ type: 'seek', at: FROM + 60_000 });
    await settle();
    for (let i = 2; i <= 6; i++) shell.actions.replay({ type: 'seek', at: FROM + i * 60_000 });
    await settle();
    expect(main.of('objects.list')).toHaveLength(1);
    expect(store.get('ship')!.obj.observed_at).toBe('2026-03-10T08:01:00.000Z');
    await settle(SNAPSHOT_INTERVAL_MS);
    expect(main.of('objects.list').map((c) => c.params.at)).toEqual([
      '2026-03-10T08:01:00.000Z',
      '2026-03-10T08:06:00.000Z',
    ]);
    stop();
  });

  it('backfills trails after a jump and extends them while playing', async () => {
    const { shell, store, main, stop, settle } = setup();
    shell.actions.replay({ type: 'seek', at: FROM + 10 * 60_000 });
    await settle();
    await settle(TRAILS_DEBOUNCE_MS);
    expect(main.of('objects.trails')[0]!.params).toMatchObject({ at: '2026-03-10T08:10:00.000Z', window_s: 600 });
    expect(store.get('ship')!.trailMs).toEqual([FROM + 5 * 60_000]);
    shell.actions.replay({ type: 'play' });
    shell.actions.replay({ type: 'tick', elapsedMs: 6000 });
    await settle(SNAPSHOT_INTERVAL_MS);
    // Playing on: the previous moment joins the trail, no new backfill.
    expect(store.get('ship')!.trailMs).toEqual([FROM + 5 * 60_000, FROM + 10 * 60_000]);
    expect(main.of('objects.trails')).toHaveLength(1);
    stop();
  });

  it('resumes live events when the time bar returns to Live', async () => {
    const { shell, sub, stop, settle } = setup();
    shell.actions.replay({ type: 'seek', at: FROM });
    await settle();
    shell.actions.replay({ type: 'live' });
    await settle();
    expect(sub.paused).toEqual([true, false]);
    stop();
  });
});
