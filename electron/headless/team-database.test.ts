// The team database of an offline-first desktop (issue 19 item 2) in the config and on serve's
// command line: a postgres:// URL beside a SQLite store, its password from a 0600 file, refused
// with a Postgres store, with a password on the command line, or as another kind of URL.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseServeArgs, TEAM_PASSWORD_FLAG_REFUSED } from './serve.js';
import { loadConfig } from '../core/config.js';
import { thrownMessage } from '../../test/support/thrown.js';

const dir = mkdtempSync(join(tmpdir(), 'team-db-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function passwordFile(mode: number): string {
  const path = join(dir, `pw-${mode.toString(8)}`);
  writeFileSync(path, 'team-secret\n');
  chmodSync(path, mode);
  return path;
}

describe('the team database setting', () => {
  it('is null by default and a postgres:// URL with the password from the file when set', () => {
    expect(loadConfig({ env: {}, dataDir: dir }).teamDatabaseUrl).toBeNull();
    const config = loadConfig({
      env: {
        TRACKER_TEAM_DATABASE_URL: 'postgres://desk@team.example/tracker',
        TRACKER_TEAM_DATABASE_PASSWORD_FILE: passwordFile(0o600),
      },
      dataDir: dir,
    });
    expect(config.databaseUrl).toMatch(/^sqlite:/);
    expect(new URL(config.teamDatabaseUrl!).password).toBe('team-secret');
  });

  it('refuses a Postgres store, a URL that is not postgres:// or names no host, and a password without a URL', () => {
    expect(
      thrownMessage(() =>
        loadConfig({
          env: { DATABASE_URL: 'postgres://a@db/x', TRACKER_TEAM_DATABASE_URL: 'postgres://b@team/x' },
          dataDir: dir,
        }),
      ),
    ).toBe(
      "Setting 'teamDatabaseUrl' needs a SQLite store of this instance's own; an instance on Postgres shares that database directly.",
    );
    expect(thrownMessage(() => loadConfig({ overrides: { teamDatabaseUrl: 'mysql://team/x' }, dataDir: dir }))).toBe(
      "Setting 'teamDatabaseUrl' must be a postgres:// URL, got 'mysql:…'.",
    );
    for (const bad of ['postgres:///x', 'postgres://team:99999/x'])
      expect(thrownMessage(() => loadConfig({ overrides: { teamDatabaseUrl: bad }, dataDir: dir }))).toBe(
        "Setting 'teamDatabaseUrl' is not a postgres:// URL with a host.",
      );
    expect(thrownMessage(() => loadConfig({ overrides: { teamDatabasePassword: 'x' }, dataDir: dir }))).toBe(
      'A team database password file was given, but no team database URL.',
    );
  });

  it('takes --team-database and --team-database-password-file, refusing a password on the command line', () => {
    const options = parseServeArgs([
      '--team-database',
      'postgres://desk@team.example/tracker',
      `--team-database-password-file=${passwordFile(0o600)}`,
    ]);
    expect(options).toEqual({
      teamDatabaseUrl: 'postgres://desk@team.example/tracker',
      teamDatabasePassword: 'team-secret',
    });
    expect(thrownMessage(() => parseServeArgs(['--team-database', 'postgres://desk:hunter2@team/x']))).toBe(
      TEAM_PASSWORD_FLAG_REFUSED,
    );
    const open = passwordFile(0o644);
    expect(thrownMessage(() => parseServeArgs(['--team-database-password-file', open]))).toContain(
      'is readable by other users',
    );
  });
});
