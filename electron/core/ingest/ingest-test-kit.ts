/**
 * Shared by the ingest and live tests: a real SQLite store in a temp folder, a source, builders of
 * upsert ops for moving points, and an in-memory store whose batches the test settles by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tags } from '../../contract/domain.js';
import type { Logger } from '../../contract/logger.js';
import type { IngestOp, IngestOpResult, Store } from '../../../db/store.js';
import { openSqliteStore } from '../../../db/sqlite/sqlite-store.js';

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
  const store = await openSqliteStore(path, { backup: { intervalS: 0, onClose: false } });
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

/** A logger that records lines (tests assert on warnings and errors); its children record into the same lines. */
export function memoryLog(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  const log = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

/** Polls `check` every few ms until it returns true (tests never assert on wall-clock times). */
export async function until(check: () => boolean | Promise<boolean>, what: string, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

/** One applyBatch call the fake store holds until the test settles it. */
export interface HeldBatch {
  ops: IngestOp[];
  /** Commits: every delete op answers `deleted` with its objectId, so results show which ops ran. */
  commit(): void;
  fail(err: unknown): void;
  readonly settled: boolean;
}

/** An in-memory store for the unit tests of ingest's parts: applyBatch calls wait for the test. */
export interface FakeStore extends Pick<Store, 'applyBatch' | 'maxBatchesInFlight'> {
  /** Every applyBatch call so far, oldest first. */
  readonly batches: HeldBatch[];
  /** The calls not yet settled, oldest first. */
  held(): HeldBatch[];
  /** The objectIds of the delete ops of every committed batch, in commit order. */
  readonly committedIds: string[];
}

/**
 * Creates the fake. With `autoCommit` every call commits on the next turn. Like the SQLite store
 * with two batches in flight, a failed batch also fails every call made before the test failed it
 * (`refuseAfterFailure: false` leaves them held, to play a store that breaks that rule).
 */
export function createFakeStore(
  options: { maxBatchesInFlight?: number; autoCommit?: boolean; refuseAfterFailure?: boolean } = {},
): FakeStore {
  const batches: HeldBatch[] = [];
  const committedIds: string[] = [];
  const held = (): HeldBatch[] => batches.filter((b) => !b.settled);
  const applyBatch = (ops: IngestOp[]): Promise<IngestOpResult[]> =>
    new Promise<IngestOpResult[]>((resolve, reject) => {
      let settled = false;
      const batch: HeldBatch = {
        ops,
        get settled() {
          return settled;
        },
        commit() {
          settled = true;
          const results = ops.map((op): IngestOpResult => {
            const objectId = op.op === 'upsert' ? op.osmId : op.objectId;
            committedIds.push(objectId);
            return { op: 'delete', status: 'deleted', objectId };
          });
          resolve(results);
        },
        fail(err) {
          settled = true;
          reject(err);
          if (options.refuseAfterFailure === false) return;
          for (const later of batches.slice(batches.indexOf(batch) + 1)) {
            if (!later.settled) later.fail(new Error('Not written because a batch before it failed.'));
          }
        },
      };
      batches.push(batch);
      if (options.autoCommit) setImmediate(() => batch.commit());
    });
  return {
    applyBatch,
    ...(options.maxBatchesInFlight !== undefined ? { maxBatchesInFlight: options.maxBatchesInFlight } : {}),
    batches,
    held,
    committedIds,
  };
}

/** A delete op of `objectId` (the fake store's results name it). */
export const del = (objectId: string): IngestOp => ({ op: 'delete', objectId });

/** Lets pending promise callbacks and timers of zero delay run. */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
