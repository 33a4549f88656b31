/**
 * An offline-first desktop in a team (issue 19 item 2), with real processes: a headless server on
 * Postgres (a private server, private-postgres.ts) and one on its own SQLite file syncing through
 * that Postgres (`--team-database`, password from `--team-database-password-file`), a publisher and
 * a hub subscriber on each. Postgres is stopped for 20 s mid-run (the SQLite server goes on
 * acknowledging into its outbox) and the SQLite server is killed with SIGKILL and restarted. At the
 * end every acknowledged update is stored exactly once in Postgres and in the SQLite file, both
 * servers list it, and both subscribers saw it.
 * Runs where TEST_DATABASE_URL is set (Postgres is installed there, as in CI).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgTestDatabase, pgTestUrl } from '../db/store-targets.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { createSource, startServeProcess } from './serve-process.js';
import { listed, logServersOnFailure, sleep, startPublisher, startSubscriber, until, type Slot } from './team-kit.js';

const baseUrl = pgTestUrl();
const TOKEN = 'team-desktop-app-token-0123456789';

describe.runIf(baseUrl)('a SQLite desktop syncing through a team Postgres', () => {
  let url: string;
  const dirs: string[] = [];
  let team: Slot;
  let desk: Slot;
  let deskArgs: string[];
  let server: PrivatePostgres | undefined;

  const tmp = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    server = await startPrivatePostgres();
    ({ url } = await createPgTestDatabase(server.url));
    const u = new URL(url);
    const pwFile = join(tmp('team-desk-pw-'), 'pgpassword');
    writeFileSync(pwFile, `${decodeURIComponent(u.password)}\n`, { mode: 0o600 });
    u.password = '';
    deskArgs = ['--team-database', u.toString(), '--team-database-password-file', pwFile];
    team = { name: 'p', dataDir: tmp('team-desk-p-'), env: { DATABASE_URL: url }, server: undefined as never };
    desk = { name: 'd', dataDir: tmp('team-desk-d-'), env: {}, server: undefined as never };
    team.server = await startServeProcess({ dataDir: team.dataDir, token: TOKEN, env: team.env });
    desk.server = await startServeProcess({ dataDir: desk.dataDir, token: TOKEN, args: deskArgs });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([team, desk].map((s) => s?.server?.stop().catch(() => undefined)));
    server?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 120_000);

  it(
    'ends with every acknowledged update once in Postgres and on both servers, through an outage and a SIGKILL',
    { timeout: 600_000 },
    async () => {
      const slots = [team, desk];
      logServersOnFailure(slots);
      expect(desk.server.database).toMatch(/^sqlite:/);
      await until('the desktop opened the team database', () => desk.server.stderr().includes('team database opened'));
      const password = decodeURIComponent(new URL(url).password);
      expect(desk.server.stderr()).not.toContain(password);
      const sources = await Promise.all(
        slots.map((s) => createSource({ base: s.server.base, token: TOKEN }, `pub ${s.name}`)),
      );
      const subscribers = slots.map((s) => startSubscriber(s, TOKEN));
      await sleep(500);
      const acked = slots.map(() => new Set<string>());
      const publishers = slots.map((s, i) => startPublisher(s, sources[i]!, acked[i]!));
      try {
        await until('first acknowledgements from both publishers', () => acked.every((s) => s.size >= 100));
        server!.stop();
        const deskBefore = acked[1]!.size;
        await sleep(20_000);
        // Offline first: the desktop went on acknowledging while the team database was down.
        expect(acked[1]!.size).toBeGreaterThan(deskBefore);
        server!.start();
        const teamAfter = acked[0]!.size;
        await until('acknowledgements on Postgres after it came back', () => acked[0]!.size >= teamAfter + 100);
        await desk.server.kill9();
        desk.server = await startServeProcess({ dataDir: desk.dataDir, token: TOKEN, args: deskArgs });
        const afterKill = acked[1]!.size;
        await until('acknowledgements by the restarted desktop', () => acked[1]!.size >= afterKill + 100);
      } finally {
        await Promise.all(publishers.map((p) => p.stop()));
      }
      // Through the outage and the kill every batch was acknowledged in the end, none refused.
      expect(publishers.flatMap((p) => p.errors)).toEqual([]);
      const all = acked.flatMap((s) => [...s]);
      console.info(`team-desktop: ${all.length} acknowledged updates (${acked.map((s) => s.size).join(' / ')})`);

      // Both servers list every acknowledged update (the desktop's reached Postgres, the team's the desktop).
      for (const slot of slots) {
        await until(`${slot.name} lists every update`, async () => {
          const ids = new Set((await Promise.all(sources.map((s) => listed(slot.server, s.id, TOKEN)))).flat());
          return all.every((id) => ids.has(id));
        });
      }
      for (const [i, sub] of subscribers.entries())
        await until(`subscriber on ${slots[i]!.name} saw every update`, () => all.every((id) => sub.seen.has(id)));
      await Promise.all(subscribers.map((s) => s.stop()));

      // Exactly once: one object and one position per acknowledged update, in Postgres and in the SQLite file.
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const rows = await c.query<{ osm_id: string; n: number; positions: number }>(
          `SELECT o.osm_id, count(*) OVER (PARTITION BY o.source_id, o.osm_id)::int AS n,
             (SELECT count(*)::int FROM object_positions p WHERE p.object_key = o.id) AS positions
           FROM osm_objects o`,
        );
        const stored = new Set(rows.rows.map((r) => r.osm_id));
        expect(all.filter((id) => !stored.has(id))).toEqual([]);
        expect(rows.rows.filter((r) => r.n !== 1 || r.positions !== 1)).toEqual([]);
      } finally {
        await c.end();
      }
      await desk.server.stop();
      const db = new Database(join(desk.dataDir, 'tracker.db'), { readonly: true });
      try {
        const rows = db
          .prepare(
            `SELECT o.osm_id, (SELECT count(*) FROM object_positions p WHERE p.object_key = o.rowid) AS positions
             FROM osm_objects o`,
          )
          .all() as { osm_id: string; positions: number }[];
        const stored = new Set(rows.map((r) => r.osm_id));
        expect(all.filter((id) => !stored.has(id))).toEqual([]);
        expect(rows.length).toBe(stored.size);
        expect(rows.filter((r) => r.positions !== 1)).toEqual([]);
        expect(db.prepare('SELECT count(*) FROM team_outbox').pluck().get()).toBe(0);
      } finally {
        db.close();
      }
    },
  );
});

describe.runIf(!baseUrl)('a SQLite desktop syncing through a team Postgres', () => {
  it.skip('needs TEST_DATABASE_URL', () => undefined);
});
