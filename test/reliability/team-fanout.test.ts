/**
 * A team on one Postgres (issue 19), with real processes: two headless servers share a Postgres
 * database and a third runs on its own SQLite file, syncing through that database
 * (`--team-database`). A publisher streams into each over the hub's WebSocket and a subscriber
 * listens on each. Postgres is stopped for 20 s mid-run (a server of the test's own,
 * private-postgres.ts, so the suites running beside it on the machine's cluster are not cut off) and
 * one Postgres server is killed with SIGKILL and restarted. At the end every acknowledged update is
 * stored exactly once in Postgres and in the desktop's file, every server lists it, and every
 * server's subscriber saw it; a hand edit made on the desktop and a delete made on a Postgres server
 * reach every subscriber. A simulator source runs on exactly one Postgres server (its lease) and the
 * other takes it over when that one is killed.
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
import { createSource, rest, startServeProcess, type ServeProcess } from './serve-process.js';
import { listed, logServersOnFailure, sleep, startPublisher, startSubscriber, until, type Slot } from './team-kit.js';

const baseUrl = pgTestUrl();
const TOKEN = 'team-fanout-app-token-0123456789';

describe.runIf(baseUrl)('a team of two Postgres servers and a SQLite desktop on one Postgres', () => {
  let url: string;
  const dirs: string[] = [];
  const slots: Slot[] = [];
  let server: PrivatePostgres | undefined;

  const tmp = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const start = (slot: Slot): Promise<ServeProcess> =>
    startServeProcess({ dataDir: slot.dataDir, token: TOKEN, env: slot.env, args: slot.args ?? [] });

  beforeAll(async () => {
    server = await startPrivatePostgres();
    ({ url } = await createPgTestDatabase(server.url));
    const u = new URL(url);
    // The second Postgres server and the desktop get the password from a 0600 file, not the URL.
    const pwFile = join(tmp('team-pw-'), 'pgpassword');
    writeFileSync(pwFile, `${decodeURIComponent(u.password)}\n`, { mode: 0o600 });
    u.password = '';
    const bare = u.toString();
    // Short leases, so a takeover happens within the test.
    const settings = JSON.stringify({ team: { leaseTtlS: 3 } });
    const slot = (name: string, env: Record<string, string>, args: string[] = []): Slot => {
      const dataDir = tmp(`team-${name}-`);
      writeFileSync(join(dataDir, 'settings.json'), settings);
      return { name, dataDir, env, args, server: undefined as unknown as ServeProcess };
    };
    slots.push(
      slot('a', { DATABASE_URL: url }),
      slot('b', { DATABASE_URL: bare, TRACKER_DATABASE_PASSWORD_FILE: pwFile }),
      slot('desk', {}, ['--team-database', bare, '--team-database-password-file', pwFile]),
    );
    // One after another: the first applies the migrations.
    for (const s of slots) s.server = await start(s);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(slots.map((s) => s.server?.stop().catch(() => undefined)));
    // The private server goes whatever happened (its database with it).
    server?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 120_000);

  it('never shows the database password in a ready line or a log line', async () => {
    const password = decodeURIComponent(new URL(url).password);
    expect(password.length).toBeGreaterThan(0);
    const [a, b, desk] = slots as [Slot, Slot, Slot];
    await until('the desktop opened the team database', () => desk.server.stderr().includes('team database opened'));
    expect(desk.server.database).toMatch(/^sqlite:/);
    for (const slot of [a, b]) {
      expect(slot.server.database).toMatch(/^postgres(ql)?:\/\//);
      expect(slot.server.stderr()).toContain('following the team change log');
    }
    for (const slot of slots) {
      expect(slot.server.database).not.toContain(password);
      expect(slot.server.stderr()).not.toContain(password);
    }
  });

  it(
    'fans every acknowledged update out to every server, through a Postgres outage and a SIGKILL',
    { timeout: 600_000 },
    async () => {
      const [a, b, desk] = slots as [Slot, Slot, Slot];
      logServersOnFailure(slots);
      // Each publisher's source is made on its own server (the desktop's lives in its file first).
      const sources = await Promise.all(
        slots.map((s) => createSource({ base: s.server.base, token: TOKEN }, `pub ${s.name}`)),
      );
      const subscribers = slots.map((s) => startSubscriber(s, TOKEN));
      // Each subscriber has its snapshot before anything is published (so every change is a delta or in a later snapshot).
      await sleep(500);
      const acked = slots.map(() => new Set<string>());
      const publishers = slots.map((s, i) => startPublisher(s, sources[i]!, acked[i]!));
      try {
        await until('first acknowledgements from every publisher', () => acked.every((s) => s.size >= 100));

        server!.stop();
        const deskBefore = acked[2]!.size;
        await sleep(20_000);
        // Offline first: the desktop went on acknowledging into its outbox while Postgres was down.
        expect(acked[2]!.size).toBeGreaterThan(deskBefore);
        server!.start();
        const after = acked[0]!.size + acked[1]!.size;
        await until(
          'acknowledgements on Postgres after it came back',
          () => acked[0]!.size + acked[1]!.size >= after + 300,
        );

        await b.server.kill9();
        b.server = await start(b);
        const afterKill = acked[1]!.size;
        await until('acknowledgements by the restarted server', () => acked[1]!.size >= afterKill + 100);
      } finally {
        await Promise.all(publishers.map((p) => p.stop()));
      }
      // Through the outage and the kill every batch was acknowledged in the end, none refused.
      expect(publishers.flatMap((p) => p.errors)).toEqual([]);
      const all = acked.flatMap((s) => [...s]);
      expect(all.length).toBeGreaterThan(300);
      console.info(
        `team-fanout: ${all.length} acknowledged updates (${acked.map((s) => s.size).join(' / ')}); Postgres stopped for 20 s`,
      );

      // Every server lists every acknowledged update (the desktop's reached Postgres, the team's the desktop).
      for (const slot of slots) {
        await until(`${slot.name} lists every update`, async () => {
          const ids = new Set((await Promise.all(sources.map((s) => listed(slot.server, s.id, TOKEN)))).flat());
          return all.every((id) => ids.has(id));
        });
      }
      for (const [i, sub] of subscribers.entries()) {
        await until(`subscriber on ${slots[i]!.name} saw every update`, () => all.every((id) => sub.seen.has(id)));
      }

      // Stored exactly once (ids are unique per publisher; none twice, each with one position), in Postgres…
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
      // …and in the desktop's SQLite file (read beside the running server: WAL).
      const db = new Database(join(desk.dataDir, 'tracker.db'), { readonly: true, fileMustExist: true });
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
      } finally {
        db.close();
      }

      // A hand edit on the desktop and a delete on a Postgres server reach every subscriber.
      const objectIdOn = async (slot: Slot, osmId: string): Promise<string> => {
        const filter = encodeURIComponent(`name="${osmId}"`);
        const list = await rest({ base: slot.server.base, token: TOKEN }, 'GET', `/api/objects?filter=${filter}`);
        return (list.body.items as { id: string; osm_id: string }[]).find((o) => o.osm_id === osmId)!.id;
      };
      const edited = all[0]!;
      const patched = await rest(
        { base: desk.server.base, token: TOKEN },
        'PATCH',
        `/api/objects/${await objectIdOn(desk, edited)}`,
        { tags: { note: 'edited on the desktop' } },
      );
      expect(patched.status).toBe(200);
      for (const [i, sub] of subscribers.entries())
        await until(
          `subscriber on ${slots[i]!.name} saw the edit`,
          () => sub.tags.get(edited)?.['note'] === 'edited on the desktop',
        );
      // Object ids are per database: each subscriber is sent its own server's id of the deleted object.
      const ids = await Promise.all(slots.map((s) => objectIdOn(s, edited)));
      expect(
        (await rest({ base: a.server.base, token: TOKEN }, 'DELETE', `/api/objects/${ids[0]}`)).status,
      ).toBeLessThan(300);
      for (const [i, sub] of subscribers.entries())
        await until(`subscriber on ${slots[i]!.name} saw the delete`, () => sub.deleted.has(ids[i]!));
      await Promise.all(subscribers.map((s) => s.stop()));
    },
  );

  it(
    'runs a connector on exactly one Postgres server and moves it when that server is killed',
    { timeout: 300_000 },
    async () => {
      // Leases are the Postgres servers' (a desktop runs its own connectors).
      const team = slots.slice(0, 2);
      logServersOnFailure(team);
      const created = await rest({ base: team[0]!.server.base, token: TOKEN }, 'POST', '/api/data-sources', {
        name: 'team sim',
        type: 'simulator',
        connection_info: { count: 5, rate_per_s: 20, seed: 7 },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      type Status = { state: string; owner?: string; owner_is_me?: boolean };
      const statuses = async (list: Slot[] = team): Promise<Status[]> =>
        Promise.all(
          list.map(async (s) => {
            const r = await rest({ base: s.server.base, token: TOKEN }, 'GET', `/api/data-sources/${id}`);
            return (r.status === 200 ? r.body.status : { state: 'missing' }) as Status;
          }),
        );
      const settled = (list: Status[]) =>
        list.filter((s) => s.owner_is_me).length === 1 &&
        list.filter((s) => s.state === 'standby').length === list.length - 1 &&
        new Set(list.map((s) => s.owner)).size === 1;
      await until('one server runs the simulator, the other stands by naming it', async () =>
        settled(await statuses()),
      );
      const before = await statuses();
      const ownerIndex = before.findIndex((s) => s.owner_is_me);
      const owner = team[ownerIndex]!;
      expect(before[ownerIndex]!.owner).toMatch(/\/\d+$/);

      await owner.server.kill9();
      const other = team.filter((s) => s !== owner);
      await until('the other server took the simulator over', async () =>
        (await statuses(other)).every((s) => s.owner_is_me),
      );
      owner.server = await start(owner);
      await until('the restarted server stands by', async () => settled(await statuses()));
      expect((await statuses())[ownerIndex]!.state).toBe('standby');

      // The simulator's objects exist once each, whoever ran it.
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const r = await c.query<{ n: number; distinct_ids: number }>(
          'SELECT count(*)::int AS n, count(DISTINCT osm_id)::int AS distinct_ids FROM osm_objects WHERE source_id = $1',
          [id],
        );
        expect(r.rows[0]!.n).toBe(r.rows[0]!.distinct_ids);
        expect(r.rows[0]!.n).toBeGreaterThan(0);
      } finally {
        await c.end();
      }
    },
  );
});

describe.runIf(!baseUrl)('a team of two Postgres servers and a SQLite desktop on one Postgres', () => {
  it.skip('needs TEST_DATABASE_URL', () => undefined);
});
