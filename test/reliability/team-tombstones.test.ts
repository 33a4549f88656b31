/**
 * Deletes and joining in a team (issue 19), with real processes: a headless server on Postgres and
 * one on its own SQLite file that is first used alone, then restarted with `--team-database`. What
 * the desktop held before joining reaches Postgres, what Postgres held reaches the desktop; a delete
 * through either server's REST API removes the object on the other (and its hub subscriber hears of
 * it); an observation from before a delete is refused (409) and brings nothing back.
 * Runs where TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgTestDatabase, pgTestUrl } from '../db/store-targets.js';
import { createSource, point, rest, startServeProcess, type ServeProcess } from './serve-process.js';
import { listed, startSubscriber, until, type Slot } from './team-kit.js';

const baseUrl = pgTestUrl();
const TOKEN = 'team-tombstones-app-token-0123456789';
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe.runIf(baseUrl)('deletes and joining between a SQLite desktop and a team Postgres', () => {
  let url: string;
  let drop: () => Promise<void>;
  const dirs: string[] = [];
  const servers: ServeProcess[] = [];
  const tmp = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const start = async (dataDir: string, o: { env?: Record<string, string>; args?: string[] } = {}) => {
    const s = await startServeProcess({ dataDir, token: TOKEN, ...o });
    servers.push(s);
    return s;
  };

  beforeAll(async () => {
    ({ url, drop } = await createPgTestDatabase(baseUrl!));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it(
    'sends what the desktop held before joining, brings the team objects in, and carries deletes both ways',
    { timeout: 300_000 },
    async () => {
      const push = (s: ServeProcess, source: { id: string; token: string }, objects: unknown[]) =>
        rest({ base: s.base, token: source.token }, 'POST', `/api/data-sources/${source.id}/objects`, {
          type: 'objects',
          objects,
        });
      const idOf = async (s: ServeProcess, sourceId: string, osmId: string): Promise<string | undefined> => {
        const r = await rest({ base: s.base, token: TOKEN }, 'GET', `/api/objects?source_id=${sourceId}&limit=1000`);
        return (r.body.items as { id: string; osm_id: string }[]).find((o) => o.osm_id === osmId)?.id;
      };

      const team = await start(tmp('team-tomb-p-'), { env: { DATABASE_URL: url } });
      const feed = await createSource({ base: team.base, token: TOKEN }, 'team feed');
      expect((await push(team, feed, [point('q1', 7.4, 43.7, T0), point('q2', 7.41, 43.7, T0)])).status).toBe(200);

      // The desktop, used alone first.
      const deskDir = tmp('team-tomb-d-');
      let desk = await start(deskDir);
      const mine = await createSource({ base: desk.base, token: TOKEN }, 'desk feed');
      expect((await push(desk, mine, [point('o1', 7.42, 43.7, T0), point('o2', 7.43, 43.7, T0)])).status).toBe(200);
      await desk.stop();

      const u = new URL(url);
      const pwFile = join(tmp('team-tomb-pw-'), 'pgpassword');
      writeFileSync(pwFile, `${decodeURIComponent(u.password)}\n`, { mode: 0o600 });
      u.password = '';
      desk = await start(deskDir, { args: ['--team-database', u.toString(), '--team-database-password-file', pwFile] });

      const sorted = async (s: ServeProcess, id: string) => (await listed(s, id, TOKEN)).sort();
      await until('the team lists what the desktop held', async () => (await sorted(team, mine.id)).join() === 'o1,o2');
      await until('the desktop lists what the team held', async () => (await sorted(desk, feed.id)).join() === 'q1,q2');

      const slot: Slot = { name: 'p', dataDir: '', env: {}, server: team };
      const sub = startSubscriber(slot, TOKEN);
      try {
        // Deleted on the desktop: gone on Postgres, and the team server's subscriber is told.
        const teamO1 = await idOf(team, mine.id, 'o1');
        const deskO1 = await idOf(desk, mine.id, 'o1');
        expect((await rest({ base: desk.base, token: TOKEN }, 'DELETE', `/api/objects/${deskO1}`)).status).toBeLessThan(
          300,
        );
        await until('o1 is gone on the team', async () => (await sorted(team, mine.id)).join() === 'o2');
        await until('the team subscriber heard of the delete', () => sub.deleted.has(teamO1!));

        // Deleted on Postgres: gone on the desktop.
        const teamQ1 = await idOf(team, feed.id, 'q1');
        expect((await rest({ base: team.base, token: TOKEN }, 'DELETE', `/api/objects/${teamQ1}`)).status).toBeLessThan(
          300,
        );
        await until('q1 is gone on the desktop', async () => (await sorted(desk, feed.id)).join() === 'q2');

        // An observation from before the delete is refused on either side and brings nothing back.
        const late = await push(desk, mine, [point('o1', 7.42, 43.7, T0 + 1)]);
        expect(late.status).toBe(409);
        expect(late.body.error?.message ?? JSON.stringify(late.body)).toMatch(/was deleted at/);
        expect((await push(team, feed, [point('q1', 7.4, 43.7, T0 + 1)])).status).toBe(409);
        // A newer one brings it back on both.
        const now = Date.now() + 60_000;
        expect((await push(team, feed, [point('q1', 7.5, 43.7, now)])).status).toBe(200);
        await until('q1 is back on the desktop', async () => (await sorted(desk, feed.id)).join() === 'q1,q2');
        expect((await sorted(team, mine.id)).join()).toBe('o2');
      } finally {
        await sub.stop();
      }
    },
  );
});

describe.runIf(!baseUrl)('deletes and joining between a SQLite desktop and a team Postgres', () => {
  it.skip('needs TEST_DATABASE_URL', () => undefined);
});
