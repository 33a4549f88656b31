/**
 * Disk full (SQLite `max_page_count` on the writer's connection): the hub acknowledges nothing that
 * was not stored, ingest pauses with a visible error (health, STORE_FULL error frames), and
 * everything resumes when space returns. Real store (writer thread), ingest and hub in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../db/sqlite/sqlite-store.js';
import { sqlitePathOf } from '../../db/open-store.js';
import { hashToken } from '../../electron/core/auth.js';
import { createDispatcher } from '../../electron/core/dispatch/dispatcher.js';
import { createObjectsHandlers, mergeHandlers } from '../../electron/core/handlers/index.js';
import { createHub, type RunningHub } from '../../electron/core/hub/create-hub.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { quietLogger as quiet } from '../fakes/quiet-logger.js';
import { openWs, point } from './serve-process.js';
import { DEFAULT_STALE_AFTER_S } from '../../electron/contract/staleness.js';

const APP_TOKEN = 'disk-full-app-token-abcdefghij';
const SOURCE_TOKEN = 'disk-full-source-token-abcdefgh';
let dataDir: string;
let store: SqliteStore;
let ingest: IngestPipeline;
let running: RunningHub;
let sourceId: string;
let dbFile: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-full-'));
  dbFile = sqlitePathOf(undefined, dataDir);
  store = await openSqliteStore(dbFile, { log: quiet });
  ingest = createIngest({ store, log: quiet, retryMinMs: 20, retryMaxMs: 100 });
  const dispatcher = createDispatcher({
    handlers: mergeHandlers(createObjectsHandlers({ store, ingest, staleAfter: () => DEFAULT_STALE_AFTER_S })),
    log: quiet,
  });
  const source = await store.createSource({
    name: 'full',
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: hashToken(SOURCE_TOKEN),
  });
  sourceId = source.id;
  running = await createHub({ dispatcher, ingest, store, log: quiet, config: { token: APP_TOKEN } }).start();
}, 60_000);
afterAll(async () => {
  await running?.stop();
  await ingest?.close();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const health = async () =>
  (await (await fetch(`${running.url}/api/health`)).json()) as { status: string; ingest_paused: string | null };
const inDb = (observedAts: number[]): number[] => {
  const db = new Database(dbFile, { readonly: true });
  try {
    const stmt = db.prepare(
      'SELECT 1 FROM object_positions p JOIN osm_objects o ON o.rowid = p.object_key WHERE o.source_id = ? AND p.t = ?',
    );
    return observedAts.filter((t) => stmt.get(sourceId, t) !== undefined);
  } finally {
    db.close();
  }
};
const pageCount = (): number => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.pragma('page_count', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('disk full under a publisher', () => {
  it(
    'acknowledges only stored updates, pauses visibly, and resumes when space returns',
    { timeout: 120_000 },
    async () => {
      const ws = await openWs(
        `${running.url.replace('http', 'ws')}/api/ws/data-source/${sourceId}/full?token=${SOURCE_TOKEN}`,
      );
      const answers = new Map<number, { type: string; code?: string; message?: string }>();
      ws.on('message', (d: Buffer) => {
        const m = JSON.parse(d.toString()) as { type: string; seq: number; code?: string };
        answers.set(m.seq, m);
      });
      const t0 = 1_700_000_000_000;
      const send = (from: number, to: number) => {
        for (let i = from; i < to; i++)
          ws.send(JSON.stringify({ ...point(`f${i % 50}`, 1, 1, t0 + i, { note: 'n'.repeat(2000) }), seq: i }));
      };
      const until = async (cond: () => boolean | Promise<boolean>) => {
        for (let k = 0; k < 2000 && !(await cond()); k++) await new Promise((r) => setTimeout(r, 20));
        expect(await cond()).toBe(true);
      };
      const acked = () => [...answers].filter(([, m]) => m.type === 'ack').map(([seq]) => t0 + seq);

      send(0, 100);
      await until(() => answers.size === 100);
      expect(acked().length).toBe(100);
      expect((await health()).status).toBe('ok');

      // No more room: every write now fails as full.
      await store.setMaxPageCount(pageCount());
      send(100, 400);
      await until(async () => (await health()).ingest_paused !== null);
      const h = await health();
      expect(h.status).toBe('degraded');
      expect(h.ingest_paused).toMatch(/full/);
      // While full, nothing more is acknowledged (a few retry rounds pass)…
      const ackedAtPause = acked().length;
      await new Promise((r) => setTimeout(r, 500));
      expect(acked().length).toBe(ackedAtPause);
      // …and everything acknowledged so far is in the database.
      const ackedWhileFull = acked();
      expect(inDb(ackedWhileFull)).toEqual(ackedWhileFull);
      const refused = [...answers].filter(([, m]) => m.type === 'error').map(([seq, m]) => ({ seq, ...m }));
      for (const r of refused) expect(r).toMatchObject({ code: 'STORE_FULL', message: expect.stringMatching(/full/) });

      // Space returns: ingest resumes by itself and the publisher is read again.
      await store.setMaxPageCount(null);
      await until(() => answers.size === 400);
      await until(async () => (await health()).ingest_paused === null);
      send(400, 450);
      await until(() => answers.size === 450);
      for (let i = 400; i < 450; i++) expect(answers.get(i)?.type).toBe('ack');

      const all = acked();
      expect(inDb(all)).toEqual(all);
      // Anything refused meanwhile (STORE_FULL frames, when the socket was read before it paused) was not stored.
      const refusedTimes = [...answers].filter(([, m]) => m.type === 'error').map(([seq]) => t0 + seq);
      expect(inDb(refusedTimes)).toEqual([]);
      ws.close();
    },
  );
});
