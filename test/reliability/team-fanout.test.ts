/**
 * A team on one Postgres (issue 19), with real processes: three headless servers share a database,
 * a publisher streams into each over the hub's WebSocket and a subscriber listens on each. Postgres
 * is stopped for 20 s mid-run (a server of the test's own, private-postgres.ts, so the suites running
 * beside it on the machine's cluster are not cut off) and one server is
 * killed with SIGKILL and restarted. At the end every acknowledged update is stored exactly once,
 * every server lists it, and every server's subscriber saw it; a hand edit and a delete made on one
 * server reach every subscriber. A simulator source runs on exactly
 * one server (its lease) and another takes it over when that one is killed.
 * Runs where TEST_DATABASE_URL is set (Postgres is installed there, as in CI).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgTestDatabase, pgTestUrl } from '../db/store-targets.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { createSource, rest, startServeProcess, type ServeProcess } from './serve-process.js';
import { listed, logServersOnFailure, sleep, startPublisher, startSubscriber, until, type Slot } from './team-kit.js';

const baseUrl = pgTestUrl();
const TOKEN = 'team-fanout-app-token-0123456789';

describe.runIf(baseUrl)('a team of headless servers on one Postgres', () => {
  let url: string;
  const dirs: string[] = [];
  const slots: Slot[] = [];
  let server: PrivatePostgres | undefined;

  function slotDir(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), `team-${name}-`));
    dirs.push(dir);
    // Short leases, so a takeover happens within the test.
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ team: { leaseTtlS: 3 } }));
    return dir;
  }

  beforeAll(async () => {
    server = await startPrivatePostgres();
    ({ url } = await createPgTestDatabase(server.url));
    const u = new URL(url);
    const password = decodeURIComponent(u.password);
    // The third server gets its password from a 0600 file, not the URL.
    const pwDir = mkdtempSync(join(tmpdir(), 'team-pw-'));
    dirs.push(pwDir);
    const pwFile = join(pwDir, 'pgpassword');
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    u.password = '';
    for (const name of ['a', 'b', 'c']) {
      const env: Record<string, string> =
        name === 'c' ? { DATABASE_URL: u.toString(), TRACKER_DATABASE_PASSWORD_FILE: pwFile } : { DATABASE_URL: url };
      slots.push({ name, dataDir: slotDir(name), env, server: undefined as unknown as ServeProcess });
    }
    // One after another: the first applies the migrations.
    for (const slot of slots)
      slot.server = await startServeProcess({ dataDir: slot.dataDir, token: TOKEN, env: slot.env });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(slots.map((s) => s.server?.stop().catch(() => undefined)));
    // The private server goes whatever happened (its database with it).
    server?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 120_000);

  it('never shows the database password in a ready line or a log line', () => {
    const password = decodeURIComponent(new URL(url).password);
    expect(password.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(slot.server.database).toMatch(/^postgres(ql)?:\/\//);
      expect(slot.server.database).not.toContain(`:${password}@`);
      expect(slot.server.stderr()).not.toContain(`:${password}@`);
      expect(slot.server.stderr()).toContain('following the team change log');
    }
  });

  it(
    'fans every acknowledged update out to every server, through a Postgres outage and a SIGKILL',
    { timeout: 600_000 },
    async () => {
      const [a, b] = slots as [Slot, Slot, Slot];
      logServersOnFailure(slots);
      const sources = await Promise.all(
        slots.map((s) => createSource({ base: a.server.base, token: TOKEN }, `pub ${s.name}`)),
      );
      const subscribers = slots.map((s) => startSubscriber(s, TOKEN));
      // Each subscriber has its snapshot before anything is published (so every change is a delta or in a later snapshot).
      await sleep(500);
      const acked = slots.map(() => new Set<string>());
      const publishers = slots.map((s, i) => startPublisher(s, sources[i]!, acked[i]!));
      const total = () => acked.reduce((n, s) => n + s.size, 0);
      try {
        await until('first acknowledgements from every publisher', () => acked.every((s) => s.size >= 100));

        server!.stop();
        await sleep(20_000);
        server!.start();
        const after = total();
        await until('acknowledgements after Postgres came back', () => total() >= after + 300);

        await b.server.kill9();
        b.server = await startServeProcess({ dataDir: b.dataDir, token: TOKEN, env: b.env });
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

      // Stored exactly once (ids are unique per publisher; none twice, each with one position).
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const rows = await c.query<{ osm_id: string; n: number; positions: number }>(
          `SELECT o.osm_id, count(*) OVER (PARTITION BY o.source_id, o.osm_id)::int AS n,
             (SELECT count(*)::int FROM object_positions p WHERE p.object_key = o.id) AS positions
           FROM osm_objects o`,
        );
        const stored = new Map(rows.rows.map((r) => [r.osm_id, r]));
        expect(all.filter((id) => !stored.has(id))).toEqual([]);
        expect(rows.rows.filter((r) => r.n !== 1 || r.positions !== 1)).toEqual([]);
      } finally {
        await c.end();
      }

      // Every server lists every acknowledged update, and every server's subscriber was sent it.
      for (const slot of slots) {
        const ids = new Set((await Promise.all(sources.map((s) => listed(slot.server, s.id, TOKEN)))).flat());
        expect(
          all.filter((id) => !ids.has(id)),
          `listed by ${slot.name}`,
        ).toEqual([]);
      }
      for (const [i, sub] of subscribers.entries()) {
        await until(`subscriber on ${slots[i]!.name} saw every update`, () => all.every((id) => sub.seen.has(id)));
      }

      // A hand edit and a delete on one server reach the other servers' subscribers too.
      const c3 = slots[2]!.server;
      const edited = all[0]!;
      const list = await rest(
        { base: c3.base, token: TOKEN },
        'GET',
        `/api/objects?filter=${encodeURIComponent(`name="${edited}"`)}`,
      );
      const objectId = (list.body.items as { id: string; osm_id: string }[]).find((o) => o.osm_id === edited)!.id;
      const patched = await rest({ base: c3.base, token: TOKEN }, 'PATCH', `/api/objects/${objectId}`, {
        tags: { note: 'edited on c' },
      });
      expect(patched.status).toBe(200);
      for (const [i, sub] of subscribers.entries())
        await until(
          `subscriber on ${slots[i]!.name} saw the edit`,
          () => sub.tags.get(edited)?.['note'] === 'edited on c',
        );
      expect((await rest({ base: c3.base, token: TOKEN }, 'DELETE', `/api/objects/${objectId}`)).status).toBeLessThan(
        300,
      );
      for (const [i, sub] of subscribers.entries())
        await until(`subscriber on ${slots[i]!.name} saw the delete`, () => sub.deleted.has(objectId));
      await Promise.all(subscribers.map((s) => s.stop()));
    },
  );

  it(
    'runs a connector on exactly one server and moves it when that server is killed',
    { timeout: 300_000 },
    async () => {
      const [a] = slots as [Slot, Slot, Slot];
      const created = await rest({ base: a.server.base, token: TOKEN }, 'POST', '/api/data-sources', {
        name: 'team sim',
        type: 'simulator',
        connection_info: { count: 5, rate_per_s: 20, seed: 7 },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      type Status = { state: string; owner?: string; owner_is_me?: boolean };
      const statuses = async (): Promise<Status[]> =>
        Promise.all(
          slots.map(async (s) => {
            const r = await rest({ base: s.server.base, token: TOKEN }, 'GET', `/api/data-sources/${id}`);
            return (r.status === 200 ? r.body.status : { state: 'missing' }) as Status;
          }),
        );
      const settled = (list: Status[]) =>
        list.filter((s) => s.owner_is_me).length === 1 &&
        list.filter((s) => s.state === 'standby').length === list.length - 1 &&
        new Set(list.map((s) => s.owner)).size === 1;
      await until('one server runs the simulator, the others stand by naming it', async () =>
        settled(await statuses()),
      );
      const before = await statuses();
      const ownerIndex = before.findIndex((s) => s.owner_is_me);
      const owner = slots[ownerIndex]!;
      expect(before[ownerIndex]!.owner).toMatch(/\/\d+$/);

      await owner.server.kill9();
      const others = slots.filter((s) => s !== owner);
      await until('another server took the simulator over', async () => {
        const list = await Promise.all(
          others.map(
            async (s) =>
              (await rest({ base: s.server.base, token: TOKEN }, 'GET', `/api/data-sources/${id}`)).body
                .status as Status,
          ),
        );
        return list.filter((s) => s.owner_is_me).length === 1 && list.filter((s) => s.state === 'standby').length === 1;
      });
      owner.server = await startServeProcess({ dataDir: owner.dataDir, token: TOKEN, env: owner.env });
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

describe.runIf(!baseUrl)('a team of headless servers on one Postgres', () => {
  it.skip('needs TEST_DATABASE_URL', () => undefined);
});
