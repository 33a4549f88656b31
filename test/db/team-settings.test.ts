// The "Team database" settings (issue 19 items 2 and 4) on real files and, where TEST_DATABASE_URL
// is set, a real Postgres: the password is sealed with the credential key and never written or
// answered in plain text; a desktop started with the saved settings joins the team database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgTestDatabase, pgTestUrl } from './store-targets.js';
import { startPrivatePostgres, type PrivatePostgres } from '../reliability/private-postgres.js';
import { startServer } from '../../electron/headless/serve.js';
import { appContext } from '../../electron/core/handlers/handlers-test-kit.js';
import { createSecretBox } from '../../electron/core/secrets/secret-box.js';
import {
  createTeamSettingsHandlers,
  teamUrlWithPassword,
  type TeamSettingsDeps,
} from '../../electron/core/team/team-settings.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setUp(over: Partial<TeamSettingsDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'team-settings-'));
  dirs.push(dir);
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ history: { keepAllDays: 7 } }));
  const box = createSecretBox(randomBytes(32));
  const handlers = createTeamSettingsHandlers({
    settingsFile,
    box,
    keySource: 'keychain',
    managed: false,
    activeUrl: null,
    available: true,
    ...over,
  });
  const saved = () => JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  return { handlers, box, settingsFile, saved };
}

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
  );

describe('team.setSettings', () => {
  it('saves the URL without its password and the password sealed, keeping the other settings', async () => {
    const { handlers, box, settingsFile, saved } = setUp();
    const result = await handlers['team.setSettings']({ url: 'postgres://analyst:s3cr%40t@db.example:5433/team' });
    expect(result).toEqual({
      url: 'postgres://analyst@db.example:5433/team',
      password_saved: true,
      managed: false,
      active_url: null,
      restart_needed: true,
      available: true,
      password_store: 'keychain',
    });
    expect(readFileSync(settingsFile, 'utf8')).not.toContain('s3cr');
    const file = saved();
    expect(file['history']).toEqual({ keepAllDays: 7 });
    expect(file['teamDatabaseUrl']).toBe('postgres://analyst@db.example:5433/team');
    const sealed = file['teamDatabasePasswordSealed'] as string;
    expect(sealed).toMatch(/^enc:v1:/);
    expect(box.open(sealed)).toBe('s3cr@t');
    expect(teamUrlWithPassword(file['teamDatabaseUrl'] as string, sealed, box)).toBe(
      'postgres://analyst:s3cr%40t@db.example:5433/team',
    );
  });

  it('keeps the saved password for the same database, forgets it for another, and forgets all on leaving', async () => {
    const { handlers, saved } = setUp();
    await handlers['team.setSettings']({ url: 'postgres://analyst@db.example/team', password: 'one' });
    const first = saved()['teamDatabasePasswordSealed'];
    expect((await handlers['team.setSettings']({ url: 'postgres://analyst@db.example/team' })).password_saved).toBe(
      true,
    );
    expect(saved()['teamDatabasePasswordSealed']).toBe(first);
    const other = await handlers['team.setSettings']({ url: 'postgres://analyst@other.example/team' });
    expect(other.password_saved).toBe(false);
    expect(saved()['teamDatabasePasswordSealed']).toBeUndefined();
    await handlers['team.setSettings']({ url: 'postgres://analyst@db.example/team', password: 'two' });
    const left = await handlers['team.setSettings']({ url: null });
    expect(left).toMatchObject({ url: null, password_saved: false, restart_needed: false });
    expect(Object.keys(saved())).toEqual(['history']);
  });

  it('says a restart is needed only while the saved settings differ from those the run started with', async () => {
    const { settingsFile, box } = setUp();
    writeFileSync(
      settingsFile,
      JSON.stringify({ teamDatabaseUrl: 'postgres://a@db.example/team', teamDatabasePasswordSealed: box.seal('pw') }),
    );
    const handlers = createTeamSettingsHandlers({
      settingsFile,
      box,
      keySource: 'key-file',
      managed: false,
      activeUrl: 'postgres://a:pw@db.example/team',
      available: true,
    });
    const now = await handlers['team.settings']({});
    expect(now).toMatchObject({ active_url: 'postgres://a@db.example/team', restart_needed: false });
    expect(JSON.stringify(now)).not.toContain(':pw@');
    expect((await handlers['team.setSettings']({ url: null })).restart_needed).toBe(true);
  });

  it('refuses a URL set by the environment, a Postgres store, two passwords and a URL without a host', async () => {
    const managed = setUp({ managed: true, activeUrl: 'postgres://a@db.example/team' });
    expect(await errorOf(managed.handlers['team.setSettings']({ url: null }))).toBe(
      'CONFLICT: The team database is set by TRACKER_TEAM_DATABASE_URL or --team-database, which win over the settings; change it there.',
    );
    const onPostgres = setUp({ available: false });
    expect(await errorOf(onPostgres.handlers['team.setSettings']({ url: 'postgres://a@db.example/team' }))).toBe(
      "CONFLICT: This instance's store is Postgres, which it shares directly; a team database is for a desktop on its own SQLite store.",
    );
    const { handlers, saved } = setUp();
    expect(
      await errorOf(handlers['team.setSettings']({ url: 'postgres://a:one@db.example/team', password: 'two' })),
    ).toBe('INVALID_INPUT: The team database URL holds a password and a password was given too; give it once.');
    expect(await errorOf(handlers['team.setSettings']({ url: 'postgres:///team' }))).toBe(
      "INVALID_INPUT: Team database URL 'postgres:///team' names no host.",
    );
    expect(saved()['teamDatabaseUrl']).toBeUndefined();
  });
});

describe('team.testConnection', () => {
  it('answers why it could not connect, naming the URL without its password', async () => {
    const { handlers } = setUp();
    const r = await handlers['team.testConnection']({ url: 'postgres://a:secret@127.0.0.1:1/team' });
    expect(r.ok).toBe(false);
    expect(r.url).toBe('postgres://a@127.0.0.1:1/team');
    expect(r.message).toMatch(/^Could not connect to postgres:\/\/a@127\.0\.0\.1:1\/team: .*ECONNREFUSED.*\.$/);
    expect(r.message).not.toContain('secret');
    expect(await errorOf(handlers['team.testConnection']({}))).toBe(
      'INVALID_INPUT: No team database URL was given and none is saved.',
    );
  });
});

const baseUrl = pgTestUrl();

describe.runIf(baseUrl)('the team database settings on a real Postgres', () => {
  // A server of its own: it checks passwords (scram-sha-256), which the machine's cluster may not.
  let server: PrivatePostgres;
  beforeAll(async () => {
    server = await startPrivatePostgres();
  }, 60_000);
  afterAll(() => server?.dispose());

  it('tests the saved password, refuses a wrong one, and a desktop started with them joins the team', async () => {
    const { url } = await createPgTestDatabase(server.url);
    const u = new URL(url);
    const password = decodeURIComponent(u.password);
    u.password = '';
    const bare = u.toString();

    const dataDir = mkdtempSync(join(tmpdir(), 'team-settings-desk-'));
    dirs.push(dataDir);
    const first = await startServer({ port: 0, dataDir, token: 'team-settings-token-0123456789', env: {} });
    const call = async (server: typeof first, method: string, params: unknown) => {
      const reply = await server.core.dispatcher.dispatch(method as never, params, appContext);
      if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
      return reply.result as Record<string, unknown>;
    };
    try {
      const wrong = await call(first, 'team.testConnection', { url: bare, password: 'not-the-password' });
      expect(wrong).toMatchObject({ ok: false });
      expect(wrong['message']).toContain('password authentication failed');
      await call(first, 'team.setSettings', { url: bare, password });
      // No password given: the saved one is used.
      const right = await call(first, 'team.testConnection', {});
      expect(right).toMatchObject({ ok: true });
      expect(right['message']).toMatch(/^Connected to postgres:\/\/.* \(PostgreSQL \d+/);
      expect((await call(first, 'team.settings', {}))['restart_needed']).toBe(true);
    } finally {
      await first.stop();
    }
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(password);

    const second = await startServer({ port: 0, dataDir, token: 'team-settings-token-0123456789', env: {} });
    try {
      const settings = await call(second, 'team.settings', {});
      expect(settings).toMatchObject({ url: bare, active_url: bare, restart_needed: false, password_saved: true });
      const deadline = Date.now() + 30_000;
      let team: unknown;
      while (Date.now() < deadline) {
        team = (await call(second, 'app.stats', {}))['team'];
        if ((team as { state?: string } | undefined)?.state === 'synced') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(team).toMatchObject({ state: 'synced', pending: 0 });
    } finally {
      await second.stop();
    }
  }, 120_000);
});
