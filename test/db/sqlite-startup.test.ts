// Start-up checks of the SQLite store: every refused file fails with one sentence and is left byte-for-byte unchanged.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../db/migrate.js';
import { APPLICATION_ID, openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import { AppError } from '../../electron/contract/errors.js';
import { tmpDir } from './store-targets.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dataDir(): string {
  const { dir, cleanup } = tmpDir('tracker-start-');
  cleanups.push(cleanup);
  return dir;
}

/** A closed tracker database with one source and `n` objects; returns its path. */
async function seededDatabase(dir: string, n = 20): Promise<string> {
  const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
  await fill(store, n);
  await store.close();
  return join(dir, 'tracker.db');
}

async function fill(store: Store, n: number): Promise<void> {
  const { id } = await store.createSource({
    name: 's',
    description: '',
    type: 'rest',
    connectionInfo: {},
    isActive: true,
    tokenHash: '',
  });
  const ops = Array.from({ length: n }, (_, i) => ({
    op: 'upsert' as const,
    sourceId: id,
    type: 'node' as const,
    osmId: String(i),
    tags: { name: `n${i}`, kind: 'ship' },
    geom: { type: 'Point' as const, coordinates: [i / 10, i / 20] },
    observedAt: 1_700_000_000_000 + i,
  }));
  await store.applyBatch(ops);
}

async function openError(url: string | undefined, dir: string): Promise<AppError> {
  try {
    const store = await openStore(url, { dataDir: dir, backup: { onClose: false } });
    await store.close();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.message).toMatch(/^[A-Z].*\.$/s);
    expect(e.message.split(/\.\s+[A-Z]/)).toHaveLength(1);
    return e;
  }
  throw new Error('openStore did not fail');
}

function damageSetAside(dir: string): string {
  const aside = readdirSync(dir).find(
    (f) => f.startsWith('tracker.db.damaged-') && !f.endsWith('-wal') && !f.endsWith('-shm'),
  );
  if (!aside) throw new Error('nothing set aside');
  return join(dir, aside);
}

describe('openSqliteStore start-up checks', () => {
  it('creates a new database with our application_id, the schema version, WAL and the R*Tree', async () => {
    const dir = dataDir();
    const path = await seededDatabase(dir, 3);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    // The schema version is the number of migrations.
    expect(db.pragma('user_version', { simple: true })).toBe(readMigrations('sqlite').length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects_rtree').get()).toEqual({ n: 3 });
    db.close();
  });

  it('opens its own database again (accept case of every check)', async () => {
    const dir = dataDir();
    await seededDatabase(dir, 5);
    const store = await openStore(`sqlite:${join(dir, 'tracker.db')}`, { dataDir: dir, backup: { onClose: false } });
    expect(await store.countObjects()).toBe(5);
    await store.close();
  });

  it('refuses a zero-length file as damaged and sets it aside unchanged', async () => {
    const dir = dataDir();
    const path = join(dir, 'tracker.db');
    writeFileSync(path, '');
    const err = await openError(undefined, dir);
    expect(err.code).toBe('STORE_DAMAGED');
    expect(err.message).toContain('zero bytes');
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(damageSetAside(dir))).toEqual(Buffer.alloc(0));
  });

  it('refuses a file whose header is damaged (magic overwritten) and sets it aside unchanged', async () => {
    const dir = dataDir();
    const path = await seededDatabase(dir);
    const bytes = readFileSync(path);
    bytes.fill(0, 0, 16);
    writeFileSync(path, bytes);
    const err = await openError(undefined, dir);
    expect(err.code).toBe('STORE_DAMAGED');
    expect(err.message).toContain('header is damaged');
    expect(readFileSync(damageSetAside(dir))).toEqual(bytes);
  });

  it('refuses a file whose header fields are damaged (bad page size)', async () => {
    const dir = dataDir();
    const path = await seededDatabase(dir);
    const bytes = readFileSync(path);
    bytes.writeUInt16BE(1000, 16);
    writeFileSync(path, bytes);
    const err = await openError(undefined, dir);
    expect(err.code).toBe('STORE_DAMAGED');
    expect(readFileSync(damageSetAside(dir))).toEqual(bytes);
  });

  it('refuses a file with a damaged page, sets it aside unchanged and names the newest verified backup', async () => {
    const dir = dataDir();
    const store = await openStore(undefined, { dataDir: dir, backup: { onClose: false } });
    await fill(store, 500);
    const backup = await store.backup!();
    await store.close();
    const path = join(dir, 'tracker.db');
    const db = new Database(path, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (
      db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'osm_objects'").get() as { rootpage: number }
    ).rootpage;
    db.close();
    const bytes = readFileSync(path);
    bytes.fill(0xff, (root - 1) * pageSize, (root - 1) * pageSize + 64);
    writeFileSync(path, bytes);
    const err = await openError(undefined, dir);
    expect(err.code).toBe('STORE_DAMAGED');
    expect(err.message).toContain(backup);
    expect(err.details).toMatchObject({ backup, path });
    const aside = (err.details as { setAsidePath: string }).setAsidePath;
    expect(readFileSync(aside)).toEqual(bytes);
  });

  it("refuses another app's SQLite database as foreign and leaves it unchanged", async () => {
    const dir = dataDir();
    const path = join(dir, 'tracker.db');
    const other = new Database(path);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello')");
    other.close();
    const before = readFileSync(path);
    const err = await openError(undefined, dir);
    expect(err.code).toBe('STORE_FOREIGN');
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['tracker.db']);
  });

  it('refuses a SQLite database with another application_id as foreign', async () => {
    const dir = dataDir();
    const path = join(dir, 'tracker.db');
    const other = new Database(path);
    other.pragma('application_id = 1234');
    other.close();
    const before = readFileSync(path);
    expect((await openError(undefined, dir)).code).toBe('STORE_FOREIGN');
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses a text file as foreign and leaves it unchanged', async () => {
    const dir = dataDir();
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'this is a shopping list\n'.repeat(100));
    const before = readFileSync(path);
    const err = await openError(path, dir);
    expect(err.code).toBe('STORE_FOREIGN');
    expect(err.message).toContain('not a SQLite database');
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses a database written by a newer schema and leaves it unchanged', async () => {
    const dir = dataDir();
    const path = await seededDatabase(dir);
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(path);
    const err = await openError(undefined, dir);
    expect(err.code).toBe('STORE_NEWER_SCHEMA');
    expect(err.message).toContain('newer version');
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['tracker.db']);
  });

  it('answers UNAVAILABLE for a healthy database another process holds locked, and does not set it aside', async () => {
    const dir = dataDir();
    const path = await seededDatabase(dir, 2);
    const holder = new Database(path);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const err = await openError(undefined, dir);
      expect(err.code).toBe('UNAVAILABLE');
      expect(existsSync(path)).toBe(true);
      expect(readdirSync(dir).some((f) => f.includes('damaged'))).toBe(false);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('offers no backup when none verifies', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'tracker.db'), '');
    const err = await openError(undefined, dir);
    expect(err.message).toContain('no verified backup');
  });
});
