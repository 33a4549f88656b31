/**
 * Shared set-up for connector suites: a real SQLite store in a tmp dir, the real ingest pipeline,
 * the connector runtime over them, and a polling `waitFor` (no wall-clock assertions).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../db/sqlite/sqlite-store.js';
import type { Store } from '../../db/store.js';
import type { DataSource, SourceStatus, SourceType } from '../../electron/contract/domain.js';
import { createIngest } from '../../electron/core/ingest/ingest.js';
import type { Ingest } from '../../electron/core/ingest/types.js';
import { createConnectorRuntime } from '../../electron/core/connectors/connector-runtime.js';
import type { ConnectorRuntime } from '../../electron/core/connectors/types.js';
import { validateConnectionInfo } from '../../electron/core/connectors/connection-info.js';

import { quietLogger as quietLog } from '../fakes/quiet-logger.js';

export { quietLog };

export interface Harness {
  store: Store;
  ingest: Ingest;
  runtime: ConnectorRuntime;
  statuses: SourceStatus[];
  /** Creates a stored source (connection info validated as the API does) and syncs the runtime. */
  createSource(type: SourceType, info: Record<string, unknown>, active?: boolean): Promise<DataSource>;
  /** Updates a stored source and syncs the runtime. */
  updateSource(
    id: string,
    patch: { connectionInfo?: Record<string, unknown>; isActive?: boolean },
  ): Promise<DataSource>;
  deleteSource(id: string): Promise<void>;
  countObjects(sourceId: string): Promise<number>;
  close(): Promise<void>;
}

/** Opens a store and ingest in a fresh tmp dir and a started runtime over them. */
export async function createHarness(
  options: {
    statusIntervalMs?: number;
    ingest?: Omit<Parameters<typeof createIngest>[0], 'store' | 'log'>;
    /** Extra latency per committed batch (a slow disk), to push ingest into saturation. */
    commitDelayMs?: number;
    /** Opens another store (a Postgres one) instead of SQLite in the tmp dir. */
    openStore?: () => Promise<Store>;
  } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
  const store = options.openStore
    ? await options.openStore()
    : await openSqliteStore(join(dir, 'tracker.db'), {
        log: quietLog,
        backup: { intervalS: 0, onClose: false },
      });
  // The writer thread starts with the store's first write: start it now, so tests that compare the
  // process's resources before and after a connector see only what the connector left behind.
  await store.applyBatch([]);
  const delay = options.commitDelayMs ?? 0;
  const slowStore = {
    applyBatch: async (ops: Parameters<Store['applyBatch']>[0]) => {
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      return store.applyBatch(ops);
    },
  };
  const ingest = createIngest({ store: slowStore, log: quietLog, ...options.ingest });
  const runtime = createConnectorRuntime({
    store,
    ingest,
    log: quietLog,
    statusIntervalMs: options.statusIntervalMs ?? 50,
  });
  const statuses: SourceStatus[] = [];
  runtime.onStatus((s) => statuses.push(s));
  await runtime.start();
  let n = 0;
  return {
    store,
    ingest,
    runtime,
    statuses,
    async createSource(type, info, active = true) {
      n += 1;
      const source = await store.createSource({
        name: `${type} ${n}`,
        description: '',
        type,
        connectionInfo: validateConnectionInfo(type, info),
        isActive: active,
        tokenHash: 'x'.repeat(64),
      });
      await runtime.sync(source.id, source);
      return source;
    },
    async updateSource(id, patch) {
      const source = await store.updateSource(id, patch);
      await runtime.sync(id, source);
      return source;
    },
    async deleteSource(id) {
      await store.deleteSource(id);
      await runtime.sync(id, undefined);
    },
    async countObjects(sourceId) {
      return store.countObjects({ source_ids: [sourceId] });
    },
    async close() {
      await runtime.stop();
      await ingest.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A native publisher object at lon/lat. */
export function nativeObject(
  osmId: string,
  lon: number,
  lat: number,
  tags: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    osm_id: osmId,
    type: 'node',
    tags: { kind: 'ship', ...tags },
    geom: { type: 'Point', coordinates: [lon, lat] },
  };
}
