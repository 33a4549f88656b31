// One test per migration (STYLE §5), per dialect: each migration applied on top of the previous one, with data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migratePg, migrateSqlite, pgSchemaVersion, readMigrations } from '../../db/migrate.js';
import { openStore } from '../../db/open-store.js';
import { RTREE_INSERT_SQL } from '../../db/sqlite/rtree-entry.js';
import { APPLICATION_ID } from '../../db/sqlite/sqlite-file-checks.js';
import { createPgTestDatabase, pgTestUrl, tmpDir } from './store-targets.js';

const ALERT_COLUMNS = [
  'id',
  'rule_id',
  'rule_name',
  'trigger',
  'object_ids',
  'geofence_id',
  'observed_at',
  'raised_at',
  'lon',
  'lat',
  'message',
  'details',
  'acknowledged_at',
];
const GEOFENCE_COLUMNS = [
  'id',
  'name',
  'geometry',
  'min_lon',
  'min_lat',
  'max_lon',
  'max_lat',
  'object_id',
  'created_at',
  'updated_at',
];
const sqliteMigrations = readMigrations('sqlite');
const pgMigrations = readMigrations('postgres');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function sqliteAt(version: number): Database.Database {
  const { dir, cleanup } = tmpDir('tracker-mig-');
  cleanups.push(cleanup);
  const db = new Database(join(dir, 'm.db'));
  db.pragma('foreign_keys = ON');
  migrateSqlite(db, sqliteMigrations.slice(0, version), APPLICATION_ID);
  cleanups.unshift(() => db.close());
  return db;
}

const columns = (db: Database.Database, table: string) =>
  (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);

/** A source 's' and an insert of objects with a given bbox (lon0, lat0, lon1, lat1), for the R*Tree tests. */
function rtreeFixture(db: Database.Database) {
  db.prepare(
    "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
  ).run();
  const stmt = db.prepare(
    "INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at) VALUES (?, 's', 'node', ?, '{}', '{}', ?, ?, ?, ?, 1, 1, 1)",
  );
  return {
    insert: (id: string, osmId: string, lon0: number, lat0: number, lon1: number, lat1: number) =>
      stmt.run(id, osmId, lon0, lat0, lon1, lat1),
    /** An object's R*Tree box as [min_lon, max_lon, min_lat, max_lat], rounded to 1e-4. */
    box: (id: string) =>
      Object.values(
        db
          .prepare(
            'SELECT r.min_lon, r.max_lon, r.min_lat, r.max_lat FROM osm_objects_rtree r JOIN osm_objects o ON o.rowid = r.id WHERE o.id = ?',
          )
          .get(id) as Record<string, number>,
      ).map((v) => Math.round(v * 1e4) / 1e4),
    move: (id: string, lon0: number, lat0: number, lon1 = lon0, lat1 = lat0) =>
      db
        .prepare('UPDATE osm_objects SET min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ? WHERE id = ?')
        .run(lon0, lat0, lon1, lat1, id),
    /** Ids whose R*Tree box (and, when `exact`, whose bbox columns too, as the filter SQL checks) meet the box. */
    inBox: (w: number, s: number, e: number, n: number, exact: boolean) =>
      db
        .prepare(
          `SELECT o.id FROM osm_objects o WHERE o.rowid IN (SELECT id FROM osm_objects_rtree WHERE min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ?)${exact ? ' AND o.min_lon <= ? AND o.max_lon >= ? AND o.min_lat <= ? AND o.max_lat >= ?' : ''}`,
        )
        .pluck()
        .all(...(exact ? [e, w, n, s, e, w, n, s] : [e, w, n, s])),
  };
}

describe('SQLite migrations', () => {
  it('knows every migration in the journal', () => {
    const journal = JSON.parse(
      readFileSync(new URL('../../db/migrations/sqlite/meta/_journal.json', import.meta.url), 'utf8'),
    ) as { entries: { tag: string }[] };
    expect(journal.entries.length).toBeGreaterThanOrEqual(12);
    expect(sqliteMigrations.map((m) => m.sql.length > 0)).toEqual(journal.entries.map(() => true));
  });

  it('0000_init creates the three tables with audit columns, the unique keys and indexes', () => {
    const db = sqliteAt(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(columns(db, 'osm_objects')).toEqual([
      'id',
      'source_id',
      'type',
      'osm_id',
      'tags',
      'geom',
      'name',
      'kind',
      'min_lon',
      'min_lat',
      'max_lon',
      'max_lat',
      'tainted',
      'observed_at',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'object_history')).toEqual([
      'id',
      'object_id',
      'geom',
      'tags',
      'observed_at',
      'received_at',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'data_sources')).toEqual([
      'id',
      'name',
      'description',
      'type',
      'connection_info',
      'is_active',
      'token_hash',
      'created_at',
      'updated_at',
    ]);
    db.prepare(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    ).run();
    const insert = db.prepare(
      "INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at) VALUES (?, 's', 'node', '1', '{}', '{}', 0, 0, 0, 0, 1, 1, 1)",
    );
    insert.run('a');
    expect(() => insert.run('b')).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM data_sources WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects').get()).toEqual({ n: 0 });
  });

  it('0001_rtree adds the R*Tree, fills it from existing rows and keeps it in sync by trigger', () => {
    const db = sqliteAt(1);
    const { insert } = rtreeFixture(db);
    insert('a', '1', 1, 2, 1, 2);
    migrateSqlite(db, sqliteMigrations.slice(0, 2), APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const rtree = () =>
      db
        .prepare(
          'SELECT r.min_lon, r.max_lat FROM osm_objects_rtree r JOIN osm_objects o ON o.rowid = r.id ORDER BY o.osm_id',
        )
        .all();
    expect(rtree()).toEqual([{ min_lon: 1, max_lat: 2 }]);
    insert('b', '2', 5, 6, 5, 6);
    db.prepare("UPDATE osm_objects SET min_lon = 3, max_lon = 3 WHERE id = 'a'").run();
    expect(rtree()).toEqual([
      { min_lon: 3, max_lat: 2 },
      { min_lon: 5, max_lat: 6 },
    ]);
    db.prepare("DELETE FROM data_sources WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects_rtree').get()).toEqual({ n: 0 });
  });

  it('0002_loose_rtree rewrites the R*Tree box only when the bbox leaves it, padded, and still removes rows', () => {
    const db = sqliteAt(2);
    const { insert, box, move, inBox } = rtreeFixture(db);
    insert('a', '1', 1, 2, 1, 2);
    insert('b', '2', 10, 10, 20, 20);
    migrateSqlite(db, sqliteMigrations.slice(0, 3), APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    // Rows from before the migration keep their exact boxes.
    expect(box('a')).toEqual([1, 1, 2, 2]);
    move('a', 1.005, 2.005); // leaves the box: rewritten, padded by 0.01
    expect(box('a')).toEqual([0.995, 1.015, 1.995, 2.015]);
    move('a', 1.012, 1.999); // still inside: not rewritten
    expect(box('a')).toEqual([0.995, 1.015, 1.995, 2.015]);
    move('a', 1.02, 2.005); // leaves it again
    expect(box('a')).toEqual([1.01, 1.03, 1.995, 2.015]);
    move('a', 179.995, 89.999); // padded but clamped to the world
    expect(box('a')).toEqual([179.985, 180, 89.989, 90]);
    move('a', -180, -90);
    expect(box('a')).toEqual([-180, -179.99, -90, -89.99]);
    move('b', 15, 15, 15.001, 15.001); // inside, but the stored box is far too big: rewritten
    expect(box('b')).toEqual([14.99, 15.011, 14.99, 15.011]);
    move('b', 10, 10, 20, 20); // grows out of it
    expect(box('b')).toEqual([9.99, 20.01, 9.99, 20.01]);
    // A missing entry is put back by the next move.
    db.prepare("DELETE FROM osm_objects_rtree WHERE id = (SELECT rowid FROM osm_objects WHERE id = 'a')").run();
    move('a', 5, 5);
    expect(box('a')).toEqual([4.99, 5.01, 4.99, 5.01]);
    // The R*Tree is a superset; the exact columns decide (as the filter SQL does).
    expect(inBox(5.001, 5.001, 5.005, 5.005, false)).toEqual(['a']);
    expect(inBox(5.001, 5.001, 5.005, 5.005, true)).toEqual([]);
    expect(inBox(4.5, 4.5, 5, 5, true)).toEqual(['a']);
    // Deletes and cascades still remove R*Tree rows.
    insert('c', '3', 7, 7, 7, 7);
    db.prepare("DELETE FROM osm_objects WHERE id = 'a'").run();
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects_rtree').get()).toEqual({ n: 2 });
    db.prepare("DELETE FROM data_sources WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects_rtree').get()).toEqual({ n: 0 });
  });
  it('0003_grid_rtree snaps R*Tree boxes to the 0.01° grid and rewrites them only when an edge changes cell', () => {
    const db = sqliteAt(3);
    const { insert, box, move, inBox } = rtreeFixture(db);
    insert('a', '1', 1.234, 2.345, 1.234, 2.345);
    migrateSqlite(db, sqliteMigrations.slice(0, 4), APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    // Rows from before the migration get their grid boxes.
    expect(box('a')).toEqual([1.23, 1.24, 2.34, 2.35]);
    insert('b', '2', -0.005, -10.5, 20.001, 10.5);
    expect(box('b')).toEqual([-0.01, 20.01, -10.5, 10.51]);
    // Within the cell nothing is written: a stale box left there stays.
    db.prepare(
      "UPDATE osm_objects_rtree SET min_lon = 1.2 WHERE id = (SELECT rowid FROM osm_objects WHERE id = 'a')",
    ).run();
    move('a', 1.239, 2.341);
    expect(box('a')).toEqual([1.2, 1.24, 2.34, 2.35]);
    move('a', 1.241, 2.341); // into the next cell east: rewritten
    expect(box('a')).toEqual([1.24, 1.25, 2.34, 2.35]);
    move('a', -179.999, -89.999);
    expect(box('a')).toEqual([-180, -179.99, -90, -89.99]);
    // A missing entry is put back by the next cell change.
    db.prepare("DELETE FROM osm_objects_rtree WHERE id = (SELECT rowid FROM osm_objects WHERE id = 'a')").run();
    move('a', 25.005, 25.005);
    expect(box('a')).toEqual([25, 25.01, 25, 25.01]);
    // Every stored bbox lies inside its R*Tree box, including points on grid lines and float edges.
    const edges = [0.29, 0.57, 1.1, -0.07, 179.99, 0.5 - 2 ** -53, -(0.5 - 2 ** -53), 180, -180, 90, -90];
    for (const [i, v] of edges.entries()) insert(`e${i}`, `e${i}`, v, v / 2, v, v / 2);
    expect(
      db
        .prepare(
          'SELECT count(*) FROM osm_objects o JOIN osm_objects_rtree r ON r.id = o.rowid WHERE r.min_lon > o.min_lon OR r.max_lon < o.max_lon OR r.min_lat > o.min_lat OR r.max_lat < o.max_lat',
        )
        .pluck()
        .get(),
    ).toBe(0);
    // The R*Tree is a superset; the exact columns decide (as the filter SQL does).
    expect(inBox(25.006, 25.006, 25.009, 25.009, false)).toEqual(['a']);
    expect(inBox(25.006, 25.006, 25.009, 25.009, true)).toEqual([]);
    expect(inBox(25.005, 25.005, 25.005, 25.005, true)).toEqual(['a']);
    // Deletes and cascades still remove R*Tree rows.
    db.prepare("DELETE FROM osm_objects WHERE id = 'a'").run();
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects_rtree').get()).toEqual({ n: 1 + edges.length });
    db.prepare("DELETE FROM data_sources WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects_rtree').get()).toEqual({ n: 0 });
  });

  it('0004_rtree_insert_by_writer leaves inserts to the writers, with the grid box the 0003 trigger computed', () => {
    const db = sqliteAt(4);
    const { insert, box, move } = rtreeFixture(db);
    const edges = [1.234, 0.29, 0.57, -0.07, 179.99, 0.5 - 2 ** -53, -(0.5 - 2 ** -53), 180, -180, 90, -90];
    for (const [i, v] of edges.entries()) insert(`t${i}`, `t${i}`, v, v / 2, v + 0.5, v / 2 + 0.25);
    migrateSqlite(db, sqliteMigrations.slice(0, 5), APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    // Entries from before the migration stay; a row inserted without its entry gets none.
    expect(box('t0')).toEqual([1.23, 1.74, 0.61, 0.87]);
    insert('plain', 'plain', 5, 5, 5, 5);
    expect(
      db
        .prepare("SELECT count(*) FROM osm_objects_rtree WHERE id = (SELECT rowid FROM osm_objects WHERE id = 'plain')")
        .pluck()
        .get(),
    ).toBe(0);
    // The writers' statement gives exactly (not only rounded) the trigger's box.
    const entry = db.prepare(RTREE_INSERT_SQL);
    const raw = db.prepare('SELECT min_lon, max_lon, min_lat, max_lat FROM osm_objects_rtree WHERE id = ?');
    for (const [i, v] of edges.entries()) {
      const { lastInsertRowid } = insert(`w${i}`, `w${i}`, v, v / 2, v + 0.5, v / 2 + 0.25);
      entry.run(lastInsertRowid, v, v + 0.5, v / 2, v / 2 + 0.25);
      const trigger = db.prepare(`SELECT rowid FROM osm_objects WHERE id = 't${i}'`).pluck().get();
      expect(raw.get(lastInsertRowid)).toEqual(raw.get(trigger));
    }
    // The update and delete triggers still keep the entries in step.
    move('w0', 7.005, 7.005);
    expect(box('w0')).toEqual([7, 7.01, 7, 7.01]);
    db.prepare("DELETE FROM data_sources WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) AS n FROM osm_objects_rtree').get()).toEqual({ n: 0 });
  });

  it('0005_compact_history carries every history row over as positions and tag changes, and deletes them with the object', () => {
    const db = sqliteAt(5);
    db.prepare(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    ).run();
    const object = db.prepare(
      "INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at) VALUES (?, 's', ?, ?, '{}', ?, ?, ?, ?, ?, 3, 1, 1)",
    );
    object.run('ship', 'node', '1', '{}', 7.1, 43.2, 7.1, 43.2);
    object.run('way', 'way', '2', '{}', 1, 2, 3, 4);
    const history = db.prepare(
      'INSERT INTO object_history (id, object_id, geom, tags, observed_at, received_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, 1)',
    );
    const pt = (lon: number, lat: number, z?: number) =>
      JSON.stringify({ type: 'Point', coordinates: z === undefined ? [lon, lat] : [lon, lat, z] });
    history.run('h1', 'ship', pt(7.12345678, 43.2), '{"name":"A","speed":3.5,"heading":"N"}', 1, 11);
    history.run('h2', 'ship', pt(7.2, 43.3, 12), '{"name":"A","speed":4,"altitude":12}', 2, 12);
    history.run('h3', 'ship', pt(7.3, 43.4), '{"name":"B"}', 3, 13);
    const line = JSON.stringify({
      type: 'LineString',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    });
    history.run('h4', 'way', line, '{"highway":"residential"}', 3, 3);
    history.run('h5', 'way', null, '{"highway":"primary"}', 4, 4);
    migrateSqlite(db, sqliteMigrations.slice(0, 6), APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'object_history'").pluck().get()).toBe(0);
    const positions = db
      .prepare(
        'SELECT o.id, p.t, p.lon, p.lat, p.speed, p.heading, p.altitude, p.geom, p.delay_ms FROM object_positions p JOIN osm_objects o ON o.rowid = p.object_key ORDER BY o.id, p.t',
      )
      .all();
    expect(positions).toEqual([
      // lon/lat in 1e-7 degrees; a string heading stays a tag; a 3D point keeps its geometry.
      {
        id: 'ship',
        t: 1,
        lon: 71234568,
        lat: 432000000,
        speed: 3.5,
        heading: null,
        altitude: null,
        geom: null,
        delay_ms: 10,
      },
      {
        id: 'ship',
        t: 2,
        lon: 72000000,
        lat: 433000000,
        speed: 4,
        heading: null,
        altitude: 12,
        geom: pt(7.2, 43.3, 12),
        delay_ms: 10,
      },
      {
        id: 'ship',
        t: 3,
        lon: 73000000,
        lat: 434000000,
        speed: null,
        heading: null,
        altitude: null,
        geom: null,
        delay_ms: 10,
      },
      // A way keeps its geometry, with its bbox centre as lon/lat; a row without geometry has no position.
      {
        id: 'way',
        t: 3,
        lon: 20000000,
        lat: 30000000,
        speed: null,
        heading: null,
        altitude: null,
        geom: line,
        delay_ms: 0,
      },
    ]);
    const changes = db
      .prepare(
        'SELECT o.id, c.t, c.tags, c.origin, c.received_at FROM object_tag_changes c JOIN osm_objects o ON o.rowid = c.object_key ORDER BY o.id, c.t',
      )
      .all();
    // Only where the tags without numeric speed/heading/altitude changed (the way's h5 has no geometry).
    expect(changes).toEqual([
      { id: 'ship', t: 1, tags: '{"name":"A","heading":"N"}', origin: 'source', received_at: 11 },
      { id: 'ship', t: 2, tags: '{"name":"A"}', origin: 'source', received_at: 12 },
      { id: 'ship', t: 3, tags: '{"name":"B"}', origin: 'source', received_at: 13 },
      { id: 'way', t: 3, tags: '{"highway":"residential"}', origin: 'source', received_at: 3 },
      { id: 'way', t: 4, tags: '{"highway":"primary"}', origin: 'source', received_at: 4 },
    ]);
    db.prepare("DELETE FROM osm_objects WHERE id = 'way'").run();
    db.prepare("DELETE FROM data_sources WHERE id = 's'").run();
    expect(
      db
        .prepare('SELECT (SELECT count(*) FROM object_positions) + (SELECT count(*) FROM object_tag_changes)')
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('0006_rules adds geofences, rules, alerts with their newest-first and unacknowledged indexes, and rule state that goes with its rule', () => {
    const db = sqliteAt(7);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(columns(db, 'alerts')).toEqual(ALERT_COLUMNS);
    expect(columns(db, 'geofences')).toEqual(GEOFENCE_COLUMNS);
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' AND sql IS NOT NULL ORDER BY name",
      )
      .all() as Array<{ name: string; sql: string }>;
    expect(indexes.map((i) => i.name)).toEqual([
      'alerts_raised_idx',
      'alerts_rule_raised_idx',
      'alerts_unacknowledged_idx',
    ]);
    expect(indexes[2]!.sql).toMatch(/WHERE acknowledged_at IS NULL$/);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL')
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join()).toContain('alerts_unacknowledged_idx');
    db.prepare("INSERT INTO rules (id, name, trigger, created_at, updated_at) VALUES ('r', 'n', '{}', 1, 1)").run();
    expect(db.prepare("SELECT filter, rearm_seconds, enabled FROM rules WHERE id = 'r'").get()).toEqual({
      filter: '',
      rearm_seconds: 0,
      enabled: 1,
    });
    const state = db.prepare("INSERT INTO rule_state (rule_id, key, state) VALUES (?, 'k', '1')");
    state.run('r');
    expect(() => state.run('r')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => state.run('missing')).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM rules WHERE id = 'r'").run();
    expect(db.prepare('SELECT count(*) FROM rule_state').pluck().get()).toBe(0);
  });

  it('0007_tag_overrides adds a nullable tag_overrides column, null on the rows already there', () => {
    const db = sqliteAt(7);
    rtreeFixture(db).insert('a', '1', 1, 1, 1, 1);
    migrateSqlite(db, sqliteMigrations.slice(0, 8), APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    expect(columns(db, 'osm_objects')).toContain('tag_overrides');
    expect(db.prepare("SELECT tag_overrides FROM osm_objects WHERE id = 'a'").pluck().get()).toBeNull();
  });

  it('0008_saved_views adds saved_views with one row per name, leaving the objects as they were', () => {
    const db = sqliteAt(8);
    rtreeFixture(db).insert('a', '1', 1, 1, 1, 1);
    migrateSqlite(db, sqliteMigrations.slice(0, 9), APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(columns(db, 'saved_views')).toEqual(['id', 'name', 'view', 'created_at', 'updated_at']);
    expect(db.prepare('SELECT count(*) FROM osm_objects').pluck().get()).toBe(1);
    const insert = db.prepare(
      "INSERT INTO saved_views (id, name, view, created_at, updated_at) VALUES (?, 'Harbour', '{}', 1, 1)",
    );
    insert.run('v1');
    expect(() => insert.run('v2')).toThrow(/UNIQUE/);
  });

  it('0009_osm_replication adds node locations and per-source replication state, gone with the source', () => {
    const db = sqliteAt(9);
    rtreeFixture(db).insert('a', '1', 1, 1, 1, 1);
    migrateSqlite(db, sqliteMigrations, APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    expect(columns(db, 'osm_node_locations')).toEqual(['node_id', 'lon_e7', 'lat_e7', 'updated_at']);
    expect(columns(db, 'osm_replication_state')).toEqual([
      'source_id',
      'sequence',
      'data_timestamp',
      'created_at',
      'updated_at',
    ]);
    expect(db.prepare('SELECT count(*) FROM osm_objects').pluck().get()).toBe(1);
    db.prepare('INSERT INTO osm_node_locations VALUES (12000000001, -1800000000, 900000000, 1)').run();
    db.prepare("INSERT INTO osm_replication_state VALUES ('s', 6900000123, NULL, 1, 1)").run();
    expect(() => db.prepare("INSERT INTO osm_replication_state VALUES ('nope', 1, NULL, 1, 1)").run()).toThrow(
      /FOREIGN KEY/,
    );
    db.prepare("DELETE FROM data_sources WHERE id = 's'").run();
    expect(db.prepare('SELECT count(*) FROM osm_replication_state').pluck().get()).toBe(0);
    expect(db.prepare('SELECT node_id FROM osm_node_locations').pluck().get()).toBe(12000000001);
  });

  it('0010_osm_way_nodes adds the way→node index: one row per position, looked up by node, leaving the rest as it was', () => {
    const db = sqliteAt(10);
    rtreeFixture(db).insert('a', '1', 1, 1, 1, 1);
    migrateSqlite(db, sqliteMigrations, APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    expect(columns(db, 'osm_way_nodes')).toEqual(['way_id', 'seq', 'node_id']);
    expect(db.prepare('SELECT count(*) FROM osm_objects').pluck().get()).toBe(1);
    const insert = db.prepare('INSERT INTO osm_way_nodes VALUES (?, ?, ?)');
    insert.run(4227157, 0, 12000000001);
    insert.run(4227157, 1, 12);
    insert.run(20, 0, 12);
    expect(() => insert.run(20, 0, 13)).toThrow(/UNIQUE/);
    const byNode = db.prepare('SELECT way_id FROM osm_way_nodes WHERE node_id = ? ORDER BY way_id');
    expect(byNode.pluck().all(12)).toEqual([20, 4227157]);
    expect(
      JSON.stringify(db.prepare('EXPLAIN QUERY PLAN SELECT way_id FROM osm_way_nodes WHERE node_id = 12').all()),
    ).toMatch(/osm_way_nodes_node_idx/);
  });

  it('0011_team_outbox adds an empty team outbox with its own order, and the sync state', () => {
    const db = sqliteAt(11);
    rtreeFixture(db).insert('a', '1', 1, 1, 1, 1);
    migrateSqlite(db, sqliteMigrations, APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    expect(columns(db, 'team_outbox')).toEqual([
      'id',
      'op',
      'source_id',
      'type',
      'osm_id',
      'observed_at',
      'payload',
      'created_at',
    ]);
    expect(columns(db, 'team_sync_state')).toEqual(['key', 'value', 'updated_at']);
    expect(db.prepare('SELECT count(*) FROM team_outbox').pluck().get()).toBe(0);
    const add = db.prepare(
      "INSERT INTO team_outbox (op, source_id, type, osm_id, payload, created_at) VALUES ('delete', 's', 'node', '1', '{}', 1)",
    );
    const first = Number(add.run().lastInsertRowid);
    db.prepare('DELETE FROM team_outbox').run();
    // AUTOINCREMENT: an acknowledged entry's id is never handed out again.
    expect(Number(add.run().lastInsertRowid)).toBe(first + 1);
    expect(db.prepare('SELECT count(*) FROM osm_objects').pluck().get()).toBe(1);
  });

  it('0012_object_tombstones adds one tombstone per key, leaving the objects as they were', () => {
    const db = sqliteAt(12);
    rtreeFixture(db).insert('a', '1', 1, 1, 1, 1);
    migrateSqlite(db, sqliteMigrations, APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    expect(columns(db, 'object_tombstones')).toEqual(['source_id', 'type', 'osm_id', 'deleted_at', 'created_at']);
    const add = db.prepare("INSERT INTO object_tombstones VALUES ('s', 'node', '1', ?, 1)");
    add.run(5);
    expect(() => add.run(6)).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT count(*) FROM osm_objects').pluck().get()).toBe(1);
  });

  it('0013_osm_relation_members adds the relation→member index: one row per position, looked up by member, leaving the rest as it was', () => {
    const db = sqliteAt(13);
    rtreeFixture(db).insert('a', '1', 1, 1, 1, 1);
    migrateSqlite(db, sqliteMigrations, APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    expect(columns(db, 'osm_relation_members')).toEqual(['relation_id', 'seq', 'member_type', 'member_ref', 'role']);
    expect(db.prepare('SELECT count(*) FROM osm_objects').pluck().get()).toBe(1);
    const insert = db.prepare('INSERT INTO osm_relation_members VALUES (?, ?, ?, ?, ?)');
    insert.run(30, 0, 'way', 12000000020, 'outer');
    insert.run(30, 1, 'way', 21, 'inner');
    insert.run(31, 0, 'way', 21, '');
    expect(() => insert.run(31, 0, 'node', 13, '')).toThrow(/UNIQUE/);
    const byMember = db.prepare(
      "SELECT relation_id FROM osm_relation_members WHERE member_ref = ? AND member_type = 'way' ORDER BY relation_id",
    );
    expect(byMember.pluck().all(21)).toEqual([30, 31]);
    expect(
      JSON.stringify(
        db
          .prepare(
            "EXPLAIN QUERY PLAN SELECT relation_id FROM osm_relation_members WHERE member_ref = 21 AND member_type = 'way'",
          )
          .all(),
      ),
    ).toMatch(/osm_relation_members_member_idx/);
  });
});

const pgUrl = pgTestUrl();
describe.runIf(pgUrl)('Postgres migrations', () => {
  const dbs: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of dbs) await drop();
  });
  async function clientAt(version: number): Promise<pg.Client> {
    const { url, drop } = await createPgTestDatabase(pgUrl!);
    dbs.push(drop);
    const pool = new pg.Pool({ connectionString: url });
    const c = await pool.connect();
    await migratePg(c, pgMigrations.slice(0, version));
    c.release();
    await pool.end();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    dbs.unshift(() => client.end());
    return client;
  }

  it('0000_init creates the tables, JSONB tags with GIN, and a generated bbox box column with GiST', async () => {
    const c = await clientAt(1);
    const idx = await c.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'osm_objects' ORDER BY indexname",
    );
    expect(idx.rows.map((r) => r.indexdef).join('\n')).toMatch(
      /USING gin \(tags\)[\s\S]*USING gist \(bbox\)|USING gist \(bbox\)[\s\S]*USING gin \(tags\)/,
    );
    await c.query(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    );
    await c.query(
      "INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at) VALUES ('a', 's', 'node', '1', '{\"k\":1}', '{}', 1, 2, 3, 4, 1, 1, 1)",
    );
    const row = await c.query<{ bbox: string; hit: boolean }>(
      "SELECT bbox::text, bbox && box(point(0,0), point(1.5,2.5)) AS hit FROM osm_objects WHERE id = 'a'",
    );
    expect(row.rows[0]).toEqual({ bbox: '(3,4),(1,2)', hit: true });
    await c.query("DELETE FROM data_sources WHERE id = 's'");
    expect((await c.query('SELECT count(*)::int AS n FROM osm_objects')).rows[0]).toEqual({ n: 0 });
  });

  it('0001_compact_history carries every history row over as positions and tag changes, which cascade with the object', async () => {
    const c = await clientAt(1);
    await c.query(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    );
    const object = `INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at)
      VALUES ($1, 's', $2, $3, '{}', '{}', $4, $5, $6, $7, 3, 1, 1)`;
    await c.query(object, ['ship', 'node', '1', 7.1, 43.2, 7.1, 43.2]);
    await c.query(object, ['way', 'way', '2', 1, 2, 3, 4]);
    const history = `INSERT INTO object_history (id, object_id, geom, tags, observed_at, received_at, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, 1, 1)`;
    const pt = (lon: number, lat: number, z?: number) =>
      JSON.stringify({ type: 'Point', coordinates: z === undefined ? [lon, lat] : [lon, lat, z] });
    const line = JSON.stringify({
      type: 'LineString',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    });
    await c.query(history, ['h1', 'ship', pt(7.12345678, 43.2), '{"name":"A","speed":3.5,"heading":"N"}', 1, 11]);
    await c.query(history, ['h2', 'ship', pt(7.2, 43.3, 12), '{"name":"A","speed":4,"altitude":12}', 2, 12]);
    await c.query(history, ['h3', 'ship', pt(7.3, 43.4), '{"name":"B"}', 3, 13]);
    await c.query(history, ['h4', 'way', line, '{"highway":"residential"}', 3, 3]);
    await c.query(history, ['h5', 'way', null, '{"highway":"primary"}', 4, 4]);
    await migratePg(c as unknown as pg.PoolClient, pgMigrations.slice(0, 2));
    expect((await c.query("SELECT to_regclass('object_history') AS t")).rows[0]).toEqual({ t: null });
    const positions = await c.query(
      'SELECT object_key AS id, t::int, lon, lat, speed, heading, altitude, geom, delay_ms::int FROM object_positions ORDER BY object_key, t',
    );
    expect(positions.rows).toEqual([
      {
        id: 'ship',
        t: 1,
        lon: 71234568,
        lat: 432000000,
        speed: 3.5,
        heading: null,
        altitude: null,
        geom: null,
        delay_ms: 10,
      },
      {
        id: 'ship',
        t: 2,
        lon: 72000000,
        lat: 433000000,
        speed: 4,
        heading: null,
        altitude: 12,
        geom: JSON.parse(pt(7.2, 43.3, 12)),
        delay_ms: 10,
      },
      {
        id: 'ship',
        t: 3,
        lon: 73000000,
        lat: 434000000,
        speed: null,
        heading: null,
        altitude: null,
        geom: null,
        delay_ms: 10,
      },
      {
        id: 'way',
        t: 3,
        lon: 20000000,
        lat: 30000000,
        speed: null,
        heading: null,
        altitude: null,
        geom: JSON.parse(line),
        delay_ms: 0,
      },
    ]);
    const changes = await c.query(
      'SELECT object_key AS id, t::int, tags, origin FROM object_tag_changes ORDER BY object_key, t',
    );
    expect(changes.rows).toEqual([
      { id: 'ship', t: 1, tags: { name: 'A', heading: 'N' }, origin: 'source' },
      { id: 'ship', t: 2, tags: { name: 'A' }, origin: 'source' },
      { id: 'ship', t: 3, tags: { name: 'B' }, origin: 'source' },
      { id: 'way', t: 3, tags: { highway: 'residential' }, origin: 'source' },
      { id: 'way', t: 4, tags: { highway: 'primary' }, origin: 'source' },
    ]);
    await c.query("DELETE FROM data_sources WHERE id = 's'");
    const left = await c.query(
      'SELECT (SELECT count(*) FROM object_positions)::int + (SELECT count(*) FROM object_tag_changes)::int AS n',
    );
    expect(left.rows[0]).toEqual({ n: 0 });
  });

  it('0002_rules adds geofences, rules, alerts with their newest-first and unacknowledged indexes, and rule state that goes with its rule', async () => {
    const c = await clientAt(3);
    const cols = async (table: string) =>
      (
        await c.query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
          [table],
        )
      ).rows.map((r) => r.column_name);
    expect(await cols('alerts')).toEqual(ALERT_COLUMNS);
    expect(await cols('geofences')).toEqual(GEOFENCE_COLUMNS);
    const idx = await c.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'alerts' AND indexname <> 'alerts_pkey' ORDER BY indexname",
    );
    expect(idx.rows.map((r) => r.indexname)).toEqual([
      'alerts_raised_idx',
      'alerts_rule_raised_idx',
      'alerts_unacknowledged_idx',
    ]);
    expect(idx.rows[2]!.indexdef).toMatch(/WHERE \(acknowledged_at IS NULL\)$/);
    await c.query("INSERT INTO rules (id, name, trigger, created_at, updated_at) VALUES ('r', 'n', '{}', 1, 1)");
    const state = "INSERT INTO rule_state (rule_id, key, state) VALUES ($1, 'k', '1')";
    await c.query(state, ['r']);
    await expect(c.query(state, ['r'])).rejects.toThrow(/duplicate key/);
    await expect(c.query(state, ['missing'])).rejects.toThrow(/foreign key/);
    await c.query("DELETE FROM rules WHERE id = 'r'");
    expect((await c.query('SELECT count(*)::int AS n FROM rule_state')).rows[0]).toEqual({ n: 0 });
  });

  it('0003_tag_overrides adds a nullable jsonb tag_overrides column, null on the rows already there', async () => {
    const { url, drop } = await createPgTestDatabase(pgUrl!);
    dbs.push(drop);
    const pool = new pg.Pool({ connectionString: url });
    const c = await pool.connect();
    try {
      await migratePg(c, pgMigrations.slice(0, 3));
      await c.query(
        "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
      );
      await c.query(
        "INSERT INTO osm_objects (id, source_id, type, osm_id, tags, geom, min_lon, min_lat, max_lon, max_lat, observed_at, created_at, updated_at) VALUES ('a', 's', 'node', '1', '{}', '{}', 1, 1, 1, 1, 1, 1, 1)",
      );
      await migratePg(c, pgMigrations);
      const column = await c.query<{ data_type: string; is_nullable: string }>(
        "SELECT data_type, is_nullable FROM information_schema.columns WHERE table_name = 'osm_objects' AND column_name = 'tag_overrides'",
      );
      expect(column.rows).toEqual([{ data_type: 'jsonb', is_nullable: 'YES' }]);
      const row = await c.query("SELECT tag_overrides FROM osm_objects WHERE id = 'a'");
      expect(row.rows).toEqual([{ tag_overrides: null }]);
    } finally {
      c.release();
      await pool.end();
    }
  });

  it('0004_saved_views adds saved_views with a jsonb view and one row per name', async () => {
    const c = await clientAt(4);
    await c.query(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    );
    await migratePg(c as unknown as pg.PoolClient, pgMigrations.slice(0, 5));
    const cols = await c.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'saved_views' ORDER BY ordinal_position",
    );
    expect(cols.rows.map((r) => `${r.column_name} ${r.data_type}`)).toEqual([
      'id text',
      'name text',
      'view jsonb',
      'created_at bigint',
      'updated_at bigint',
    ]);
    const insert = (id: string) =>
      c.query(
        `INSERT INTO saved_views (id, name, view, created_at, updated_at) VALUES ('${id}', 'Harbour', '{}', 1, 1)`,
      );
    await insert('v1');
    await expect(insert('v2')).rejects.toThrow(/saved_views_name_uq/);
    expect((await c.query('SELECT count(*)::int AS n FROM data_sources')).rows[0]).toEqual({ n: 1 });
  });

  it('0005_osm_replication adds node locations (bigint ids) and per-source replication state, gone with the source', async () => {
    const c = await clientAt(5);
    await c.query(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    );
    await migratePg(c as unknown as pg.PoolClient, pgMigrations);
    const cols = await c.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name IN ('osm_node_locations', 'osm_replication_state') ORDER BY table_name, ordinal_position",
    );
    expect(cols.rows.map((r) => `${r.column_name} ${r.data_type}`)).toEqual([
      'node_id bigint',
      'lon_e7 integer',
      'lat_e7 integer',
      'updated_at bigint',
      'source_id text',
      'sequence bigint',
      'data_timestamp bigint',
      'created_at bigint',
      'updated_at bigint',
    ]);
    await c.query("INSERT INTO osm_replication_state VALUES ('s', 6900000123, NULL, 1, 1)");
    await expect(c.query("INSERT INTO osm_replication_state VALUES ('nope', 1, NULL, 1, 1)")).rejects.toThrow(
      /foreign key/,
    );
    await c.query("DELETE FROM data_sources WHERE id = 's'");
    expect((await c.query('SELECT count(*)::int AS n FROM osm_replication_state')).rows[0]).toEqual({ n: 0 });
  });

  it('0006_team_change_log adds change_log (bigserial seq, created_at index) and connector_leases, keeping the rows there', async () => {
    const c = await clientAt(6);
    await c.query(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    );
    await migratePg(c as unknown as pg.PoolClient, pgMigrations);
    const cols = async (table: string) =>
      (
        await c.query<{ column_name: string; data_type: string }>(
          'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
          [table],
        )
      ).rows.map((r) => `${r.column_name} ${r.data_type}`);
    expect(await cols('change_log')).toEqual(['seq bigint', 'instance_id text', 'changes jsonb', 'created_at bigint']);
    expect(await cols('connector_leases')).toEqual([
      'source_id text',
      'owner_id text',
      'owner_label text',
      'expires_at bigint',
      'acquired_at bigint',
    ]);
    const seqs = await c.query<{ seq: string }>(
      "INSERT INTO change_log (instance_id, changes, created_at) VALUES ('i', '[]', 1), ('i', '[]', 2) RETURNING seq::text AS seq",
    );
    expect(seqs.rows.map((r) => Number(r.seq))).toEqual([1, 2]);
    const idx = await c.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'change_log'");
    expect(idx.rows.map((r) => r.indexname).sort()).toEqual(['change_log_created_at_idx', 'change_log_pkey']);
    expect((await c.query('SELECT count(*)::int AS n FROM data_sources')).rows[0]).toEqual({ n: 1 });
  });

  it('0007_osm_way_nodes adds the way→node index (bigint ids, one row per position) with a node index', async () => {
    const c = await clientAt(7);
    await c.query(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    );
    await migratePg(c as unknown as pg.PoolClient, pgMigrations);
    const cols = await c.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'osm_way_nodes' ORDER BY ordinal_position",
    );
    expect(cols.rows.map((r) => `${r.column_name} ${r.data_type}`)).toEqual([
      'way_id bigint',
      'seq integer',
      'node_id bigint',
    ]);
    await c.query('INSERT INTO osm_way_nodes VALUES (4227157, 0, 12000000001), (4227157, 1, 12), (20, 0, 12)');
    await expect(c.query('INSERT INTO osm_way_nodes VALUES (20, 0, 13)')).rejects.toThrow(
      /osm_way_nodes_way_id_seq_pk/,
    );
    const ways = await c.query<{ way_id: string }>(
      'SELECT way_id FROM osm_way_nodes WHERE node_id = 12 ORDER BY way_id',
    );
    expect(ways.rows.map((r) => Number(r.way_id))).toEqual([20, 4227157]);
    const idx = await c.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'osm_way_nodes'",
    );
    expect(idx.rows.map((r) => r.indexname).sort()).toEqual(['osm_way_nodes_node_idx', 'osm_way_nodes_way_id_seq_pk']);
    expect((await c.query('SELECT count(*)::int AS n FROM data_sources')).rows[0]).toEqual({ n: 1 });
  });

  it('0008_object_tombstones adds one tombstone per key and the change log horizon, keeping the rows there', async () => {
    const c = await clientAt(8);
    await c.query("INSERT INTO change_log (instance_id, changes, created_at) VALUES ('i', '[]', 1)");
    await migratePg(c as unknown as pg.PoolClient, pgMigrations);
    const cols = async (table: string) =>
      (
        await c.query<{ column_name: string; data_type: string }>(
          'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
          [table],
        )
      ).rows.map((r) => `${r.column_name} ${r.data_type}`);
    expect(await cols('object_tombstones')).toEqual([
      'source_id text',
      'type text',
      'osm_id text',
      'deleted_at bigint',
      'created_at bigint',
    ]);
    expect(await cols('change_log_horizon')).toEqual(['id integer', 'pruned_through bigint', 'updated_at bigint']);
    await c.query("INSERT INTO object_tombstones VALUES ('s', 'node', '1', 5, 1)");
    await expect(c.query("INSERT INTO object_tombstones VALUES ('s', 'node', '1', 6, 1)")).rejects.toThrow(
      /object_tombstones_source_id_type_osm_id_pk/,
    );
    expect((await c.query('SELECT count(*)::int AS n FROM change_log')).rows[0]).toEqual({ n: 1 });
  });

  it('0009_osm_relation_members adds the relation→member index (bigint ids, one row per position) with a member index', async () => {
    const c = await clientAt(9);
    await c.query(
      "INSERT INTO data_sources (id, name, type, connection_info, created_at, updated_at) VALUES ('s', 'n', 'rest', '{}', 1, 1)",
    );
    await migratePg(c as unknown as pg.PoolClient, pgMigrations);
    const cols = await c.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'osm_relation_members' ORDER BY ordinal_position",
    );
    expect(cols.rows.map((r) => `${r.column_name} ${r.data_type}`)).toEqual([
      'relation_id bigint',
      'seq integer',
      'member_type text',
      'member_ref bigint',
      'role text',
    ]);
    await c.query(
      "INSERT INTO osm_relation_members VALUES (30, 0, 'way', 12000000020, 'outer'), (30, 1, 'way', 21, 'inner'), (31, 0, 'way', 21, '')",
    );
    await expect(c.query("INSERT INTO osm_relation_members VALUES (31, 0, 'node', 13, '')")).rejects.toThrow(
      /osm_relation_members_relation_id_seq_pk/,
    );
    const relations = await c.query<{ relation_id: string }>(
      "SELECT relation_id FROM osm_relation_members WHERE member_ref = 21 AND member_type = 'way' ORDER BY relation_id",
    );
    expect(relations.rows.map((r) => Number(r.relation_id))).toEqual([30, 31]);
    const idx = await c.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'osm_relation_members'",
    );
    expect(idx.rows.map((r) => r.indexname).sort()).toEqual([
      'osm_relation_members_member_idx',
      'osm_relation_members_relation_id_seq_pk',
    ]);
    expect((await c.query('SELECT count(*)::int AS n FROM data_sources')).rows[0]).toEqual({ n: 1 });
  });

  it('records the schema version and refuses a newer one at open', async () => {
    const { url, drop } = await createPgTestDatabase(pgUrl!);
    dbs.push(drop);
    const store = await openStore(url, { dataDir: '.' });
    await store.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const pool = { query: c.query.bind(c) } as unknown as pg.PoolClient;
    expect(await pgSchemaVersion(pool)).toBe(pgMigrations.length);
    await c.query("INSERT INTO tracker_migrations (idx, hash, applied_at) VALUES (99, 'future', 0)");
    await c.end();
    await expect(openStore(url, { dataDir: '.' })).rejects.toMatchObject({
      code: 'STORE_NEWER_SCHEMA',
      message: expect.stringMatching(/newer version of the app.*\.$/),
    });
  });
});

describe('Postgres reachability', () => {
  it('fails with UNAVAILABLE and one sentence without the password for an unreachable URL', async () => {
    const err = await openStore('postgres://tracker:s3cret@127.0.0.1:1/nowhere', { dataDir: '.' }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    const message = (err as Error).message;
    expect(message).toMatch(
      /^Postgres database 'postgres:\/\/tracker@127\.0\.0\.1:1\/nowhere' cannot be reached \(.*\)\.$/,
    );
    expect(message).not.toContain('s3cret');
  });
});
