/**
 * Durability: kill -9 the real server while a publisher streams and records acks; after a restart
 * every acknowledged update is in the database. Repeated 20 times on the same data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { closed, createSource, openWs, point, startServeProcess, type ServeProcess } from './serve-process.js';

const REPETITIONS = 20;
const TOKEN = 'kill9-app-token-0123456789';

describe('kill -9 while publishing', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-kill9-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`loses no acknowledged update over ${REPETITIONS} kills`, { timeout: 600_000 }, async () => {
    let server: ServeProcess = await startServeProcess({ dataDir, token: TOKEN });
    const source = await createSource(server, 'kill9');
    const dbFile = server.database.replace(/^sqlite:/, '');
    let totalAcked = 0;
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const acked = await streamUntilKilled(server, source, rep);
      totalAcked += acked.length;
      server = await startServeProcess({ dataDir, token: TOKEN });
      const missing = missingRows(dbFile, source.id, acked);
      expect(missing, `rep ${rep}: acknowledged but missing after kill -9`).toEqual([]);
    }
    // A graceful stop (SIGTERM) flushes, closes the database and exits 0.
    const code = await server.stop();
    expect(
      code,
      `graceful stop exit code ${String(code)}, signal ${String(server.child.signalCode)}; stderr:\n${server.stderr().slice(-3000)}`,
    ).toBe(0);
    // The check must have had something to check.
    expect(totalAcked).toBeGreaterThan(REPETITIONS * 10);
  });
});

describe('SIGTERM while publishing', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-sigterm-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('flushes, exits 0 and loses no acknowledged update', { timeout: 300_000 }, async () => {
    let server: ServeProcess = await startServeProcess({ dataDir, token: TOKEN });
    const source = await createSource(server, 'sigterm');
    const dbFile = server.database.replace(/^sqlite:/, '');
    let totalAcked = 0;
    for (let rep = 0; rep < 3; rep++) {
      const acked = await streamUntilKilled(server, source, 100 + rep, 'sigterm');
      totalAcked += acked.length;
      expect(missingRows(dbFile, source.id, acked), `rep ${rep}: acknowledged but missing after SIGTERM`).toEqual([]);
      server = await startServeProcess({ dataDir, token: TOKEN });
    }
    await server.stop();
    expect(totalAcked).toBeGreaterThan(3 * 10);
  });
});

/** Streams single objects and batches without waiting, records acked (osm_id, observed_at), kills -9 after the first acks. */
async function streamUntilKilled(
  server: ServeProcess,
  source: { id: string; token: string },
  rep: number,
  how: 'kill9' | 'sigterm' = 'kill9',
): Promise<[string, number][]> {
  const ws = await openWs(`ws://127.0.0.1:${server.port}/api/ws/data-source/${source.id}/kill9-${rep}`, {
    headers: { authorization: `Bearer ${source.token}` },
  });
  const inFlight = new Map<string | number, [string, number][]>();
  const acked: [string, number][] = [];
  let seq = 0;
  const base = 1_600_000_000_000 + rep * 10_000_000;
  ws.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as { type: string; seq?: number | string };
    if (m.type !== 'ack' || m.seq === undefined) return;
    acked.push(...(inFlight.get(m.seq) ?? []));
    inFlight.delete(m.seq);
  });
  ws.on('error', () => undefined);
  const done = closed(ws);
  let stop = false;
  let stopCode: number | null = 0;
  const killAfter = 300 + ((rep * 137) % 500);
  const killer = (async () => {
    while (acked.length === 0) await sleep(5);
    await sleep(killAfter % 400);
    stop = true;
    if (how === 'kill9') await server.kill9();
    else stopCode = await server.stop();
  })();
  let n = 0;
  while (!stop && ws.readyState === ws.OPEN) {
    const s = ++seq;
    if (s % 2 === 0) {
      const rows: [string, number][] = [];
      const objects = Array.from({ length: 50 }, (_, i) => {
        const id = `o${(n + i) % 500}`;
        rows.push([id, base + n + i]);
        return point(id, (n % 360) - 180, (i % 180) - 90, base + n + i);
      });
      n += 50;
      inFlight.set(s, rows);
      ws.send(JSON.stringify({ type: 'objects', seq: s, objects }));
    } else {
      const id = `o${n % 500}`;
      inFlight.set(s, [[id, base + n]]);
      ws.send(JSON.stringify({ ...point(id, 10, 20, base + n), seq: s }));
      n++;
    }
    if (ws.bufferedAmount > 256 * 1024 || inFlight.size > 200) await sleep(2);
    else if (s % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  await killer;
  await done;
  if (stopCode !== 0)
    throw new Error(
      `SIGTERM while publishing: exit code ${String(stopCode)}; stderr:\n${server.stderr().slice(-3000)}`,
    );
  return acked;
}

function missingRows(dbFile: string, sourceId: string, acked: [string, number][]): string[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare(
      `SELECT 1 FROM object_positions p JOIN osm_objects o ON o.rowid = p.object_key
       WHERE o.source_id = ? AND o.type = 'node' AND o.osm_id = ? AND p.t = ?`,
    );
    return acked.filter(([id, t]) => stmt.get(sourceId, id, t) === undefined).map(([id, t]) => `${id}@${t}`);
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
