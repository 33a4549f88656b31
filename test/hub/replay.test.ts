/**
 * Replay streams for hub subscribers on a real hub (SQLite file, ws on 127.0.0.1): a still picture
 * with `at`, a replay with `from` + `speed` ending in `replay_end`, refused parameters, unsubscribe,
 * and that a replay never reaches the live bus.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { frames, openWs, point, rest } from '../reliability/serve-process.js';

const TOKEN = 'hub-replay-app-token-abcdefghijk';
const T0 = Date.parse('2026-03-09T10:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** rp-1 moves one degree east every 5 minutes (lon 1…9 at 0…40 min); rp-2 is first seen at 17 min. */
const TRACK = Array.from({ length: 9 }, (_, i) => ({ at: min(5 * i), lon: i + 1 }));
const FILTER = 'kind=replay-test';

let server: RunningServer;
let dataDir: string;
const subUrl = () => `ws://127.0.0.1:${server.port}/api/ws/objects/replayer?token=${TOKEN}`;

interface Obj {
  id: string;
  osm_id: string;
  geom: { coordinates: number[] };
}
const lonOf = (objects: Obj[], osmId: string) => objects.find((o) => o.osm_id === osmId)?.geom.coordinates[0];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-replay-'));
  server = await startServer({ dataDir, port: 0, token: TOKEN, env: { LOG_LEVEL: 'silent' } });
  const base = new URL(server.url).origin;
  const created = await rest({ base, token: TOKEN }, 'POST', '/api/data-sources', {
    name: 'replay',
    type: 'websocket',
  });
  expect(created.status).toBe(201);
  const src = { base, token: created.body.token as string };
  const push = async (body: unknown) =>
    expect((await rest(src, 'POST', `/api/data-sources/${created.body.id}/objects`, body)).status).toBe(200);
  for (const p of TRACK) await push(point('rp-1', p.lon, 50, p.at, { kind: 'replay-test' }));
  await push(point('rp-2', 20, 50, min(17), { kind: 'replay-test' }));
  await push(point('other', 5, 5, min(12), { kind: 'not-replayed' }));
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('hub subscriber replay', () => {
  it('answers `at` with the snapshot of that moment and then nothing', async () => {
    const ws = await openWs(subUrl());
    const f = frames(ws);
    ws.send(JSON.stringify({ type: 'subscribe', request_id: 'still', filter: FILTER, at: iso(min(12)) }));
    expect(await f.next()).toMatchObject({
      type: 'subscribe_ack',
      request_id: 'still',
      snapshot_count: 1,
      total: 1,
      at: iso(min(12)),
    });
    const snap = await f.next();
    expect(snap).toMatchObject({ type: 'snapshot', complete: true, deleted: [], replay_at: iso(min(12)) });
    expect(snap.objects.map((o: Obj) => o.osm_id)).toEqual(['rp-1']);
    expect(lonOf(snap.objects, 'rp-1')).toBe(3);
    expect(snap.objects[0].observed_at).toBe(iso(min(10)));
    ws.send(JSON.stringify({ type: 'ping', request_id: 'p' }));
    expect(await f.next()).toEqual({ type: 'pong', request_id: 'p' });
    ws.close();
  });

  it('replays from a moment at a speed: positions in replay-time order, then replay_end; the live bus sees none of it', async () => {
    const live = await openWs(subUrl());
    const lf = frames(live);
    live.send(JSON.stringify({ type: 'subscribe', filter: FILTER }));
    expect(await lf.next()).toMatchObject({ type: 'subscribe_ack', snapshot_count: 2 });
    expect(await lf.next()).toMatchObject({ type: 'snapshot', complete: true });

    const ws = await openWs(subUrl());
    const f = frames(ws);
    const from = min(2);
    const to = min(42);
    ws.send(JSON.stringify({ type: 'subscribe', filter: FILTER, from: iso(from), to: iso(to), speed: 1000 }));
    const ack = await f.next();
    expect(ack).toMatchObject({ type: 'subscribe_ack', snapshot_count: 1, from: iso(from), to: iso(to), speed: 1000 });
    const snap = await f.next();
    expect(snap).toMatchObject({ type: 'snapshot', complete: true, subscription_id: ack.subscription_id });
    expect(lonOf(snap.objects, 'rp-1')).toBe(1);

    const lons: number[] = [];
    const times: number[] = [];
    let rp2: number | undefined;
    for (let m = await f.next(); m.type !== 'replay_end'; m = await f.next()) {
      expect(m).toMatchObject({ type: 'objects_changed', subscription_id: ack.subscription_id, deleted: [] });
      times.push(Date.parse(m.replay_at));
      const lon = lonOf(m.upserted, 'rp-1');
      if (lon !== undefined) lons.push(lon);
      rp2 ??= lonOf(m.upserted, 'rp-2');
      for (const o of m.upserted as { observed_at: string }[])
        expect(Date.parse(o.observed_at)).toBeLessThanOrEqual(times.at(-1)!);
      expect(m.upserted.map((o: Obj) => o.osm_id)).not.toContain('other');
    }
    // replay_at only moves forward and never past `to`; rp-1 passes through positions in between.
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(times.every((t) => t > from && t <= to)).toBe(true);
    expect(lons).toEqual([...lons].sort((a, b) => a - b));
    expect(lons.at(-1)).toBe(9);
    expect(lons.filter((l) => l > 1 && l < 9).length).toBeGreaterThanOrEqual(2);
    expect(rp2).toBe(20);

    // The replay ended quietly, and the live subscriber was sent nothing meanwhile.
    ws.send(JSON.stringify({ type: 'ping', request_id: 1 }));
    expect(await f.next()).toEqual({ type: 'pong', request_id: 1 });
    live.send(JSON.stringify({ type: 'ping', request_id: 2 }));
    expect(await lf.next()).toEqual({ type: 'pong', request_id: 2 });
    ws.close();
    live.close();
  });

  it('refuses bad replay fields with one sentence naming the field, keeping the previous subscription', async () => {
    const ws = await openWs(subUrl());
    const f = frames(ws);
    ws.send(JSON.stringify({ type: 'subscribe', request_id: 'ok', filter: FILTER, at: iso(min(12)) }));
    const ack = await f.next();
    expect(ack).toMatchObject({ type: 'subscribe_ack', request_id: 'ok' });
    expect(await f.next()).toMatchObject({ type: 'snapshot', complete: true });
    const refusals: [Record<string, unknown>, string][] = [
      [{ at: 'noon' }, "Field 'at' must be an ISO 8601 time with a zone (e.g. 2026-03-10T08:00:00Z), got 'noon'."],
      [{ from: iso(min(2)), speed: 5000 }, "Field 'speed' must be a number from 0.1 to 1000, got 5000."],
      [
        { from: iso(min(20)), to: iso(min(10)) },
        `Field 'from' must be before 'to' '${iso(min(10))}', got '${iso(min(20))}'.`,
      ],
      [{ to: iso(min(10)) }, `Field 'to' needs 'from' (the replay's start), got '${iso(min(10))}' without it.`],
      [
        { from: 'later' },
        "Field 'from' must be an ISO 8601 time with a zone (e.g. 2026-03-10T08:00:00Z), got 'later'.",
      ],
    ];
    for (const [i, [fields, message]] of refusals.entries()) {
      ws.send(JSON.stringify({ type: 'subscribe', request_id: i, filter: FILTER, ...fields }));
      expect(await f.next()).toEqual({ type: 'error', request_id: i, code: 'INVALID_INPUT', message });
    }
    // A bad filter in a replay is the dispatcher's answer, as for a live subscribe.
    ws.send(JSON.stringify({ type: 'subscribe', request_id: 'bad', filter: 'speed>>', at: iso(min(12)) }));
    expect(await f.next()).toMatchObject({ type: 'error', request_id: 'bad', code: 'INVALID_INPUT' });
    ws.send(JSON.stringify({ type: 'unsubscribe', request_id: 'u' }));
    expect(await f.next()).toEqual({ type: 'unsubscribe_ack', request_id: 'u' });
    ws.close();
  });

  it('stops a running replay on unsubscribe, and on a new subscribe', async () => {
    const ws = await openWs(subUrl());
    const f = frames(ws);
    const replay = { type: 'subscribe', filter: FILTER, from: iso(min(2)), to: iso(min(42)), speed: 1000 };
    ws.send(JSON.stringify(replay));
    expect(await f.next()).toMatchObject({ type: 'subscribe_ack' });
    expect(await f.next()).toMatchObject({ type: 'snapshot', complete: true });
    expect(await f.next()).toMatchObject({ type: 'objects_changed' });
    ws.send(JSON.stringify({ type: 'unsubscribe', request_id: 'u' }));
    let m = await f.next();
    // A frame already on the wire may come before the answer; none after it.
    while (m.type === 'objects_changed') m = await f.next();
    expect(m).toEqual({ type: 'unsubscribe_ack', request_id: 'u' });
    // Four ticks: 1,000 s of replay time at 1000x, in which rp-1 moved three times had the replay gone on.
    await new Promise((r) => setTimeout(r, 1000));
    expect(f.pending()).toBe(0);

    ws.send(JSON.stringify(replay));
    const first = await f.next();
    expect(await f.next()).toMatchObject({ type: 'snapshot', subscription_id: first.subscription_id });
    ws.send(JSON.stringify({ type: 'subscribe', request_id: 'live', filter: FILTER }));
    m = await f.next();
    while (m.type === 'objects_changed') m = await f.next();
    expect(m).toMatchObject({ type: 'subscribe_ack', request_id: 'live', snapshot_count: 2 });
    expect(await f.next()).toMatchObject({ type: 'snapshot', subscription_id: m.subscription_id, complete: true });
    await new Promise((r) => setTimeout(r, 1000));
    expect(f.pending()).toBe(0);
    ws.close();
  });
});
