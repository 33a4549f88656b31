/**
 * The on-disk tile cache: an MBTiles-format SQLite file (readable by any MBTiles tool) plus a
 * `tile_fetch` table recording when each tile was fetched and its ETag, so that tiles viewed
 * online are served again offline.
 */
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, makeSqliteFilesPrivate } from '../../../db/private-files.js';

export interface CachedTile {
  data: Buffer;
  fetchedAt: number;
  etag: string | null;
}

export interface TileCache {
  get(z: number, x: number, y: number): CachedTile | undefined;
  has(z: number, x: number, y: number): boolean;
  put(z: number, x: number, y: number, data: Buffer, etag: string | null, fetchedAt: number): void;
  /** Marks a cached tile as checked now (a 304 answer). */
  touch(z: number, x: number, y: number, fetchedAt: number): void;
  stats(): { tiles: number; bytes: number; averageBytes: number };
  close(): void;
}

/** Opens (creating when needed) the cache file at `path`, named `name` in its metadata. */
export function openTileCache(path: string, name: string, format = 'png'): TileCache {
  ensurePrivateDir(dirname(path));
  makeSqliteFilesPrivate(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB,
      PRIMARY KEY (zoom_level, tile_column, tile_row));
    CREATE TABLE IF NOT EXISTS tile_fetch (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
      fetched_at INTEGER NOT NULL, etag TEXT, PRIMARY KEY (zoom_level, tile_column, tile_row));
  `);
  const setMeta = db.prepare('INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)');
  setMeta.run('name', name);
  setMeta.run('format', format);
  setMeta.run('type', 'baselayer');
  const row = (z: number, y: number) => 2 ** z - 1 - y; // MBTiles rows are TMS (south-up)
  const select = db.prepare<
    [number, number, number],
    { tile_data: Buffer; fetched_at: number | null; etag: string | null }
  >(
    `SELECT t.tile_data, f.fetched_at, f.etag FROM tiles t LEFT JOIN tile_fetch f
       ON f.zoom_level = t.zoom_level AND f.tile_column = t.tile_column AND f.tile_row = t.tile_row
     WHERE t.zoom_level = ? AND t.tile_column = ? AND t.tile_row = ?`,
  );
  const exists = db.prepare('SELECT 1 FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').pluck();
  const putTile = db.prepare('INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)');
  const putFetch = db.prepare('INSERT OR REPLACE INTO tile_fetch VALUES (?, ?, ?, ?, ?)');
  const touch = db.prepare(
    'UPDATE tile_fetch SET fetched_at = ? WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
  );
  const put = db.transaction((z: number, x: number, y: number, data: Buffer, etag: string | null, at: number) => {
    putTile.run(z, x, row(z, y), data);
    putFetch.run(z, x, row(z, y), at, etag);
  });
  return {
    get(z, x, y) {
      const r = select.get(z, x, row(z, y));
      return r ? { data: r.tile_data, fetchedAt: r.fetched_at ?? 0, etag: r.etag } : undefined;
    },
    has: (z, x, y) => exists.get(z, x, row(z, y)) !== undefined,
    put: (z, x, y, data, etag, at) => put(z, x, y, data, etag, at),
    touch: (z, x, y, at) => void touch.run(at, z, x, row(z, y)),
    stats() {
      const s = db
        .prepare<[], { n: number; b: number | null }>('SELECT COUNT(*) n, SUM(LENGTH(tile_data)) b FROM tiles')
        .get()!;
      return { tiles: s.n, bytes: s.b ?? 0, averageBytes: s.n ? Math.round((s.b ?? 0) / s.n) : 0 };
    },
    close: () => db.close(),
  };
}
