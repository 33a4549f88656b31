/**
 * Shared by the ingest and live tests: a real SQLite store in a temp folder, a source, and
 * builders of upsert ops for moving points.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tags } from '../../contract/domain.js';
import type { IngestOp, Store } from '../../../db/store.js';
import { openSqliteStore } from '../../../db/sqlite/sqlite-store.js';
import type { IngestLog } from './ingest.js';

export interface TestDb {
  dir: string;
  path: string;
  store: Store;
  sourceId: string;
  /** Closes the store and removes the folder. */
  dispose(): Promise<void>;
}

/** Opens a migrated SQLite store in a fresh temp folder with one active source. */
export async function openTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-test-'));
  const path = join(dir, 'tracker.db');
  const store = openSqliteStore(path, { backup: { intervalS: 0, onClose: false } });
  const source = await store.createSource({
    name: 'test feed',
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  return {
    dir,
    path,
    store,
    sourceId: source.id,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An upsert of point `osmId` at `observedAt`, with tags (a ship by default). */
export function pointOp(
  sourceId: string,
  osmId: string,
  observedAt: number,
  lon = 10,
  lat = 50,
  tags: Tags = { kind: 'ship', name: `ship ${osmId}` },
): IngestOp {
  return {
    op: 'upsert',
    sourceId,
    type: 'node',
    osmId,
    tags,
    geom: { type: 'Point', coordinates: [lon, lat] },
    observedAt,
  };
}

/** A logger that records lines (tests assert on warnings and errors). */
export function memoryLog(): IngestLog & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Polls `check` every few ms until it returns true (tests never assert on wall-clock times). */
export async function until(check: () => boolean | Promise<boolean>, what: string, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}
