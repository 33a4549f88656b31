// The team database password (issue 19 item 4): read from a 0600 file (refused when others may read
// it), put into the postgres:// URL, and never shown: not in `location`, not in a log line.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../db/pg/pg-store.js';
import { loadConfig, readPasswordFile, withDatabasePassword } from './config.js';
import { redactString } from './log.js';
import { thrownMessage } from '../../test/support/thrown.js';

const dir = mkdtempSync(join(tmpdir(), 'db-password-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

describe('the database password from a file', () => {
  it('reads the first line of a 0600 file and puts it into the URL', () => {
    const path = file('ok', 'p@ss:w/rd\nignored\n', 0o600);
    expect(readPasswordFile(path, 'TRACKER_DATABASE_PASSWORD_FILE')).toBe('p@ss:w/rd');
    const url = withDatabasePassword('postgres://tracker@db.example:5432/team', 'p@ss:w/rd');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss:w/rd');
    const config = loadConfig({
      env: { DATABASE_URL: 'postgres://tracker@db.example/team', TRACKER_DATABASE_PASSWORD_FILE: path },
      dataDir: dir,
    });
    expect(decodeURIComponent(new URL(config.databaseUrl).password)).toBe('p@ss:w/rd');
  });

  it('refuses a file others may read, in one sentence that does not show it', () => {
    for (const mode of [0o640, 0o604]) {
      const path = file(`open-${mode.toString(8)}`, 'hunter2\n', mode);
      const text = thrownMessage(() => readPasswordFile(path, '--database-password-file'));
      expect(text).toBe(
        `Password file ${path} (--database-password-file) is readable by other users (mode 0${mode.toString(8)}); run \`chmod 600 ${path}\` first.`,
      );
      expect(text).not.toContain('hunter2');
    }
  });

  it('refuses a password given twice, or for a database that is not Postgres', () => {
    expect(thrownMessage(() => withDatabasePassword('postgres://u:one@db/t', 'two'))).toBe(
      'The database URL already holds a password; give it once, in the URL or in the password file.',
    );
    expect(thrownMessage(() => withDatabasePassword('sqlite:/tmp/x.db', 'two'))).toBe(
      'A database password file was given, but the database URL is not a postgres:// URL.',
    );
  });

  it('never shows the password: not in the store location, not in a log line', () => {
    const url = 'postgres://tracker:s3cr3t@db.example:5432/team?sslmode=require&password=s3cr3t';
    expect(redactUrl(url)).not.toContain('s3cr3t');
    expect(redactUrl('postgres://tracker:s3cr3t@db.example/team')).toBe('postgres://tracker@db.example/team');
    expect(redactString(`could not connect to ${url}`)).not.toContain('s3cr3t');
  });
});
