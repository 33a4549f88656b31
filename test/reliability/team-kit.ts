/**
 * The team tests' processes (team-fanout.test.ts, team-desktop.test.ts): publishers that stream new
 * objects into a headless server and resend an unacknowledged batch as it was, hub subscribers that
 * record everything they are sent, both reconnecting to their slot's server after a restart.
 */
import { onTestFailed } from 'vitest';
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

/** Inside a test: when it fails (a timeout too), prints the end of each slot's server log, so the CI log shows why. */
export function logServersOnFailure(slots: readonly Slot[]): void {
  onTestFailed(() => {
    for (const s of slots)
      console.error(`--- ${s.name}: end of the server's log ---\n${s.server.stderr().slice(-8000)}`);
  });
}

/** One server slot: its data dir and the process now running there (replaced after a kill). */
export interface Slot {
  name: string;
  dataDir: string;
  env: Record<string, string>;
  /** Command-line options of its server (e.g. a desktop's `--team-database`). */
  args?: string[];
  server: ServeProcess;
}

/**
 * A publisher that streams batches of 10 new objects, one batch in flight, reconnecting to its slot's
 * server. An error frame for its batch is recorded in `errors` (a server must pause and retry through
 * an outage, not refuse) and the batch is sent again as it was. stop() closes the socket, so it never
 * waits for an answer that does not come.
 */
export function startPublisher(slot: Slot, source: { id: string; token: string }, acked: Set<string>) {
  let stopped = false;
  let n = 0;
  const errors: string[] = [];
  let current: WebSocket | undefined;
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
      current = ws;
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
          const answer = await new Promise<'ack' | 'error' | 'closed'>((resolve) => {
            const onMessage = (d: Buffer) => {
              const m = JSON.parse(d.toString()) as { type: string; seq?: number; code?: string; message?: string };
              if (m.seq !== mySeq) return;
              if (m.type === 'ack') done('ack');
              else if (m.type === 'error') {
                errors.push(`${slot.name}: ${m.code ?? '?'} ${m.message ?? ''}`);
                done('error');
              }
            };
            const onClose = () => done('closed');
            const done = (v: 'ack' | 'error' | 'closed') => {
              ws.off('message', onMessage);
              ws.off('close', onClose);
              resolve(v);
            };
            ws.on('message', onMessage);
            ws.on('close', onClose);
            ws.send(JSON.stringify({ type: 'objects', seq: mySeq, objects: batch }));
          });
          if (answer === 'closed') break;
          if (answer === 'error') {
            await sleep(200);
            continue;
          }
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
    errors,
    stop: async () => {
      stopped = true;
      current?.close();
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
