/**
 * Opens the Postgres store: a `pg` Pool, a reachability and schema-version check before any
 * write, migrations in one transaction under an advisory lock, then the shared SQL store.
 */
import { DEFAULT_STALE_AFTER_S, type StaleThresholds } from '../../electron/contract/staleness.js';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { AppError } from '../../electron/contract/errors.js';
import { migratePg, pgSchemaVersion, readMigrations } from '../migrate.js';
import type { SqlRunner } from '../sql-runner.js';
import { createSqlStore } from '../sql-store.js';
import type { Store } from '../store.js';
import type { StoreLog } from '../sqlite/sqlite-store.js';
import { createPgPruneStep } from './pg-retention.js';
import { createPgRuleEffects } from './pg-rule-effects.js';
import { createPgOsmReplication } from './pg-osm-replication.js';
import { createPgBatchWriter } from './pg-writer.js';
import { createPgChangeFeed } from './pg-change-feed.js';
import { createPgLeases } from './pg-leases.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export interface PgStoreOptions {
  log?: StoreLog;
  /** The stale thresholds for filters without a context (see OpenStoreOptions). */
  staleAfter?: () => StaleThresholds;
  migrationsDir?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Milliseconds to wait for a connection before UNAVAILABLE (default 5000). */
  connectTimeoutMs?: number;
  /** This instance in the team change log and leases (default: a fresh UUID per open). */
  instanceId?: string;
  /** How people see this instance as a lease holder (default `<host>/<pid>`). */
  instanceLabel?: string;
  /** The change feed's safety-net poll (ms, default 500). */
  changePollMs?: number;
}

/** The URL with any password removed, for messages and `location`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    // libpq also takes the password as a query parameter.
    if (u.searchParams.has('password')) u.searchParams.set('password', 'redacted');
    return u.toString().replace(/:@/, '@');
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** Opens the Postgres database at `url` as a Store; throws UNAVAILABLE or STORE_NEWER_SCHEMA. */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<Store> {
  const location = redactUrl(url);
  const migrations = readMigrations('postgres', options.migrationsDir);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
  });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', (err) => options.log?.warn('Postgres idle client error', { error: err.message }));
  // Nor a checked-out one's: the pool takes its own listener off while a client is lent (a writer's
  // transaction, a lease renewal), and a server shutdown then emits 'error' on the client with no
  // listener, which ends the process. Its query (or the next) rejects with the error, and the
  // caller answers that.
  pool.on('connect', (client) => {
    client.on('error', (err) => options.log?.warn('Postgres connection lost', { error: err.message }));
  });
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('UNAVAILABLE', `Postgres database '${location}' cannot be reached (${reason}).`, {
      details: { location, reason },
      cause: err,
    });
  }
  try {
    const version = await pgSchemaVersion(client);
    if (version > migrations.length) {
      throw new AppError(
        'STORE_NEWER_SCHEMA',
        `Postgres database '${location}' was written by a newer version of the app (schema version ${version}, this app knows ${migrations.length}), so it was not opened.`,
        { details: { location, version, known: migrations.length } },
      );
    }
    await migratePg(client, migrations);
    options.log?.info('Postgres store opened', { location, from: version, version: migrations.length });
  } catch (err) {
    client.release();
    await pool.end().catch(() => undefined);
    throw err;
  }
  client.release();

  const dialect = new PgDialect();
  /** Runs drizzle `sql` on the pool. */
  const query = (q: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(q);
    return pool.query(text, params);
  };
  const runner: SqlRunner = {
    dialect: 'postgres',
    async all<T>(q: SQL): Promise<T[]> {
      return (await query(q)).rows as T[];
    },
    json: (value) => JSON.stringify(value),
    bool: (value) => value,
    decodeJson: (value) => value,
    async databaseBytes() {
      const res = await pool.query<{ n: string }>('SELECT pg_database_size(current_database())::text AS n');
      return Number(res.rows[0]?.n ?? 0);
    },
  };
  let closed = false;
  const instanceId = options.instanceId ?? randomUUID();
  const changes = createPgChangeFeed({
    url,
    pool,
    instanceId,
    ...(options.log ? { log: options.log } : {}),
    ...(options.changePollMs === undefined ? {} : { pollMs: options.changePollMs }),
  });
  const team = {
    changes,
    leases: createPgLeases(pool, instanceId, options.instanceLabel ?? `${hostname()}/${process.pid}`),
  };
  return createSqlStore(
    runner,
    {
      dialect: 'postgres',
      location,
      applyBatch: createPgBatchWriter(pool, instanceId),
      team,
      pruneStep: createPgPruneStep(query),
      commitRuleEffects: createPgRuleEffects(pool),
      osm: createPgOsmReplication(pool),
      async close() {
        if (closed) return;
        closed = true;
        changes.stopAll();
        await pool.end();
      },
    },
    { staleAfter: options.staleAfter ?? (() => DEFAULT_STALE_AFTER_S) },
  );
}
