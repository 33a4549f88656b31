/**
 * The store targets every contract test runs against: SQLite always (a real file in a tmp dir),
 * Postgres whenever TEST_DATABASE_URL is set (a throwaway database per suite, truncated per test).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** Opens a store on an empty database. */
  open(): Promise<Store>;
  /** Drops whatever the target created; call in afterAll. */
  dispose(): Promise<void>;
}

/** A fresh tmp directory, removed by the returned cleanup. */
export function tmpDir(prefix = 'tracker-db-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function sqliteTarget(): StoreTarget {
  const dirs: Array<() => void> = [];
  return {
    name: 'sqlite',
    open: async () => {
      const { dir, cleanup } = tmpDir();
      dirs.push(cleanup);
      return openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    },
    dispose: async () => dirs.forEach((c) => c()),
  };
}

/**
 * Creates a throwaway database next to TEST_DATABASE_URL's (so parallel test files never share
 * tables) and returns its URL plus a drop function.
 */
export async function createPgTestDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tracker_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

function pgTarget(baseUrl: string): StoreTarget {
  let db: Promise<{ url: string; drop: () => Promise<void> }> | undefined;
  return {
    name: 'postgres',
    open: async () => {
      db ??= createPgTestDatabase(baseUrl);
      const { url } = await db;
      const store = await openStore(url, { dataDir: tmpdir() });
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(
        'TRUNCATE data_sources, osm_objects, object_positions, object_tag_changes, geofences, rules, alerts, rule_state, saved_views, osm_node_locations, osm_replication_state, change_log, connector_leases CASCADE',
      );
      await c.end();
      return store;
    },
    dispose: async () => {
      if (db) await (await db).drop();
    },
  };
}

/**
 * TEST_DATABASE_URL, or undefined outside CI. In CI (CI=true) a missing URL is an error, so the
 * Postgres half of the suites can never be skipped silently there.
 */
export function pgTestUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI) throw new Error('CI must set TEST_DATABASE_URL: the store suites run on Postgres too.');
  return url || undefined;
}

/** SQLite always; Postgres when TEST_DATABASE_URL is set (always in CI). */
export function storeTargets(): StoreTarget[] {
  const url = pgTestUrl();
  return url ? [sqliteTarget(), pgTarget(url)] : [sqliteTarget()];
}

/** Creates an active websocket source named `name` in `store` (the store suites' objects need one); answers its id. */
export async function addTestSource(store: Store, name: string): Promise<string> {
  const source = await store.createSource({
    name,
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: 'x',
  });
  return source.id;
}
