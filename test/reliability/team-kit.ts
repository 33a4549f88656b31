/**
 * The team tests' processes (team-fanout.test.ts, team-desktop.test.ts): publishers that stream new
 * objects into a headless server and resend an unacknowledged batch as it was, hub subscribers that
 * record everything they are sent, both reconnecting to their slot's server after a restart.
 */
import type WebSocket from 'ws';
import { openWs, point, rest, type ServeProcess } from './serve-process.js';

/** Polls `check` until it holds, failing after `ms` with `what`; nothing is asserted about time. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not reached in ${ms / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One server slot: its data dir and the process now running there (replaced after a kill). */
export interface Slot {
  name: string;
  dataDir: string;
  env: Record<string, string>;
  server: ServeProcess;
}

/** A publisher that streams batches of 10 new objects, one batch in flight, reconnecting to its slot's server. */
export function startPublisher(slot: Slot, source: { id: string; token: string }, acked: Set<string>) {
  let stopped = false;
  let n = 0;
  const base = 1_700_000_000_000;
  const run = async () => {
    let pending: ReturnType<typeof point>[] | undefined;
    let seq = 0;
    while (!stopped) {
      let ws: WebSocket;
      try {
        ws = await openWs(`ws://127.0.0.1:${slot.server.port}/api/ws/data-source/${source.id}/pub-${slot.name}`, {
          headers: { authorization: `Bearer ${source.token}` },
        });
      } catch {
        await sleep(200);
        continue;
      }
      ws.on('error', () => undefined);
      try {
        while (!stopped) {
          // An unacknowledged batch is sent again as it was: same ids, same times (idempotent).
          pending ??= Array.from({ length: 10 }, () => {
            n += 1;
            return point(`${slot.name}-${n}`, 7 + (n % 100) / 1000, 43.7, base + n);
          });
          const batch = pending;
          const mySeq = ++seq;
          const answer = await new Promise<'ack' | 'closed'>((resolve) => {
            const onMessage = (d: Buffer) => {
              const m = JSON.parse(d.toString()) as { type: string; seq?: number };
              if (m.type === 'ack' && m.seq === mySeq) done('ack');
            };
            const onClose = () => done('closed');
            const done = (v: 'ack' | 'closed') => {
              ws.off('message', onMessage);
              ws.off('close', onClose);
              resolve(v);
            };
            ws.on('message', onMessage);
            ws.on('close', onClose);
            ws.send(JSON.stringify({ type: 'objects', seq: mySeq, objects: batch }));
          });
          if (answer === 'closed') break;
          for (const o of batch) acked.add(o.osm_id);
          pending = undefined;
          await sleep(20);
        }
      } finally {
        ws.close();
      }
    }
  };
  const done = run();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/** A hub subscriber on a slot: every osm_id it was sent (snapshots included), re-subscribing after its server restarts. */
export function startSubscriber(slot: Slot, token: string) {
  const seen = new Set<string>();
  /** The latest tags sent per osm_id, and the object ids sent as deleted. */
  const tags = new Map<string, Record<string, unknown>>();
  const deleted = new Set<string>();
  let stopped = false;
  let current: WebSocket | undefined;
  const run = async () => {
    while (!stopped) {
      let ws: WebSocket;
      try {
        ws = await openWs(`ws://127.0.0.1:${slot.server.port}/api/ws/objects/sub-${slot.name}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      } catch {
        await sleep(200);
        continue;
      }
      // Stopped while this connection was opening: nobody else would close it.
      if (stopped) {
        ws.close();
        break;
      }
      current = ws;
      ws.on('error', () => undefined);
      ws.on('message', (d: Buffer) => {
        const m = JSON.parse(d.toString()) as {
          type: string;
          upserted?: { osm_id: string; tags: Record<string, unknown> }[];
          objects?: { osm_id: string; tags: Record<string, unknown> }[];
          deleted?: string[];
        };
        for (const o of m.upserted ?? m.objects ?? []) {
          seen.add(o.osm_id);
          tags.set(o.osm_id, o.tags);
        }
        for (const id of m.deleted ?? []) deleted.add(id);
      });
      const closedP = new Promise<void>((r) => ws.once('close', () => r()));
      ws.send(JSON.stringify({ type: 'subscribe', filter: {}, snapshot_limit: 1_000_000 }));
      await closedP;
    }
  };
  const done = run();
  return {
    seen,
    tags,
    deleted,
    stop: async () => {
      stopped = true;
      current?.close();
      await done;
    },
  };
}

/** Every osm_id a server lists for a source (REST, paged). */
export async function listed(server: ServeProcess, sourceId: string, token: string): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += 10_000) {
    const r = await rest(
      { base: server.base, token },
      'GET',
      `/api/objects?source_id=${sourceId}&limit=10000&offset=${offset}`,
    );
    if (r.status !== 200) throw new Error(`list answered ${r.status}`);
    const items = r.body.items as { osm_id: string }[];
    out.push(...items.map((o) => o.osm_id));
    if (items.length < 10_000) return out;
  }
}
