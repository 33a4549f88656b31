import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngest, type IngestPipeline } from '../ingest/ingest.js';
import { memoryLog, openTestDb, pointOp, until, type TestDb } from '../ingest/ingest-test-kit.js';
import type { ObjectsChanged } from '../../contract/events.js';
import { createLive, type Live } from './live.js';
import { createLiveHandlers, type LiveCallContext } from './live-handlers.js';
import { sameStaleAfter } from '../../contract/staleness.js';

/** A client as the dispatcher would describe it: pushes recorded, close callbacks kept. */
function client(clientId: string): LiveCallContext & { pushed: ObjectsChanged[]; disconnect(): void } {
  const closers: (() => void)[] = [];
  const c = {
    clientId,
    pushed: [] as ObjectsChanged[],
    push: (event: string, payload: unknown) => {
      if (event === 'objects.changed') c.pushed.push(payload as ObjectsChanged);
    },
    onClose: (cb: () => void) => void closers.push(cb),
    disconnect: () => closers.splice(0).forEach((cb) => cb()),
  };
  return c as typeof c & LiveCallContext;
}

describe('createLiveHandlers', () => {
  let t: TestDb;
  let ingest: IngestPipeline;
  let live: Live;
  beforeEach(async () => {
    t = await openTestDb();
    ingest = createIngest({ store: t.store, log: memoryLog(), flushMs: 1 });
    live = createLive({ ingest, store: t.store, log: memoryLog(), staleAfter: () => sameStaleAfter(60), flushMs: 5 });
  });
  afterEach(async () => {
    live.close();
    await ingest.close();
    await t.dispose();
  });

  it('subscribes, pushes objects.changed to the calling client, updates and unsubscribes', async () => {
    const h = createLiveHandlers({ live });
    const a = client('a');
    await ingest.submit([pointOp(t.sourceId, 'one', 1000)], { sourceId: t.sourceId, channel: 'hub' });
    const res = await h['live.subscribe']({ filter: {}, snapshot_limit: 10 }, a);
    expect(res).toMatchObject({ snapshot_count: 1, total: 1 });
    await until(() => a.pushed.length === 1, 'the snapshot push');
    expect(a.pushed[0]).toMatchObject({ subscription_id: res.subscription_id, reset: true });
    const upd = await h['live.update'](
      { subscription_id: res.subscription_id, filter: { kinds: ['car'] }, snapshot_limit: 10 },
      a,
    );
    expect(upd.snapshot_count).toBe(0);
    await until(() => a.pushed.length === 2, 'the new snapshot');
    await expect(h['live.unsubscribe']({ subscription_id: res.subscription_id }, a)).resolves.toEqual({ ok: true });
    expect(live.stats().subscriptions).toBe(0);
  });

  it("refuses to touch another client's subscription and accepts the owner's", async () => {
    const h = createLiveHandlers({ live });
    const a = client('a');
    const b = client('b');
    const { subscription_id } = await h['live.subscribe']({ filter: {}, snapshot_limit: 1 }, a);
    await expect(h['live.unsubscribe']({ subscription_id }, b)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h['live.update']({ subscription_id, filter: {}, snapshot_limit: 1 }, b)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(live.stats().subscriptions).toBe(1);
    await expect(h['live.unsubscribe']({ subscription_id }, a)).resolves.toEqual({ ok: true });
  });

  it("ends a client's subscriptions when it disconnects", async () => {
    const h = createLiveHandlers({ live });
    const a = client('a');
    await h['live.subscribe']({ filter: {}, snapshot_limit: 1 }, a);
    await h['live.subscribe']({ filter: { kinds: ['ship'] }, snapshot_limit: 1 }, a);
    expect(live.stats().subscriptions).toBe(2);
    a.disconnect();
    expect(live.stats().subscriptions).toBe(0);
  });
});
