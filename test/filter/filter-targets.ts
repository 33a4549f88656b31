/**
 * Real stores for the filter property tests: a SQLite store in a tmp dir and, when
 * TEST_DATABASE_URL is set, a Postgres store in a throwaway database; each with a raw reader
 * that runs `SELECT o.id FROM osm_objects o WHERE <compiled filter>`.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import type { OsmObject } from '../../electron/contract/domain.js';
import { openStore } from '../../db/open-store.js';
import type { IngestOp, Store } from '../../db/store.js';
import { registerSqliteFilterFunctions, type FilterDialect } from '../../db/filter/index.js';
import { createPgTestDatabase, tmpDir } from '../db/store-targets.js';

export interface FilterTarget {
  dialect: FilterDialect;
  store: Store;
  /** osm_ids (unique in a population) of the rows matching a compiled fragment, sorted. */
  ids(fragment: SQL): Promise<string[]>;
  close(): Promise<void>;
}

export async function openSqliteTarget(): Promise<FilterTarget> {
  const { dir, cleanup } = tmpDir('tracker-filter-');
  const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
  const reader = new Database(join(dir, 'tracker.db'), { readonly: true });
  registerSqliteFilterFunctions(reader);
  const dialect = new SQLiteSyncDialect();
  return {
    dialect: 'sqlite',
    store,
    ids: async (fragment) => {
      const q = dialect.sqlToQuery(fragment);
      const rows = reader
        .prepare(`SELECT o.osm_id AS id FROM osm_objects o WHERE ${q.sql}`)
        .all(...(q.params as unknown[])) as { id: string }[];
      return rows.map((r) => r.id).sort();
    },
    close: async () => {
      reader.close();
      await store.close();
      cleanup();
    },
  };
}

export async function openPgTarget(baseUrl: string): Promise<FilterTarget> {
  const db = await createPgTestDatabase(baseUrl);
  const store = await openStore(db.url, { dataDir: tmpDir('tracker-filter-pg-').dir });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const dialect = new PgDialect();
  return {
    dialect: 'postgres',
    store,
    ids: async (fragment) => {
      const q = dialect.sqlToQuery(fragment);
      const res = await client.query<{ id: string }>(
        `SELECT o.osm_id AS id FROM osm_objects o WHERE ${q.sql}`,
        q.params as unknown[],
      );
      return res.rows.map((r) => r.id).sort();
    },
    close: async () => {
      await client.end();
      await store.close();
      await db.drop();
    },
  };
}

/** Creates three sources in `store` and returns their ids. */
export async function createSources(store: Store): Promise<string[]> {
  const ids: string[] = [];
  for (const name of ['alpha', 'beta', 'gamma']) {
    const s = await store.createSource({
      name,
      description: '',
      type: 'rest',
      connectionInfo: {},
      isActive: true,
      tokenHash: '',
    });
    ids.push(s.id);
  }
  return ids;
}

/** Replaces every object in `store` with `ops` and returns the stored objects as the store reads them. */
export async function replacePopulation(store: Store, ops: IngestOp[]): Promise<OsmObject[]> {
  const existing = (await store.listObjects({ limit: 1_000_000 })).items;
  if (existing.length > 0) await store.applyBatch(existing.map((o) => ({ op: 'delete', objectId: o.id })));
  const results = await store.applyBatch(ops);
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected) throw new Error(`population rejected: ${JSON.stringify(rejected)}`);
  return (await store.listObjects({ limit: 1_000_000 })).items;
}
