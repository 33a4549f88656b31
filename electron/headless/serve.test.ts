import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, PASSWORD_FLAG_REFUSED, TOKEN_FLAG_REFUSED } from './serve.js';
import { thrownMessage } from '../../test/support/thrown.js';

describe('parseServeArgs: no secret on the command line', () => {
  it('reads the options in both spellings', () => {
    expect(parseServeArgs(['--port', '8080', '--host=127.0.0.1', '--database-url', 'postgres://tracker@db/t'])).toEqual(
      {
        port: 8080,
        host: '127.0.0.1',
        databaseUrl: 'postgres://tracker@db/t',
      },
    );
  });

  it('refuses --token and a --database-url holding a password, saying where the secret goes instead', () => {
    expect(thrownMessage(() => parseServeArgs(['--token', 'x'.repeat(40)]))).toBe(TOKEN_FLAG_REFUSED);
    expect(thrownMessage(() => parseServeArgs(['--database-url', 'postgres://tracker:s3cret@127.0.0.1:5432/t']))).toBe(
      PASSWORD_FLAG_REFUSED,
    );
    expect(thrownMessage(() => parseServeArgs(['--database-url=postgres://tracker:s3cret@[::1]/t']))).toBe(
      PASSWORD_FLAG_REFUSED,
    );
    expect(PASSWORD_FLAG_REFUSED).toContain('DATABASE_URL');
  });

  it('reads --database-password-file from a 0600 file and refuses a file others may read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-pw-'));
    try {
      const ok = join(dir, 'ok');
      writeFileSync(ok, 's3cret\n', { mode: 0o600 });
      expect(parseServeArgs(['--database-password-file', ok])).toEqual({ databasePassword: 's3cret' });
      const open = join(dir, 'open');
      writeFileSync(open, 's3cret\n', { mode: 0o644 });
      expect(thrownMessage(() => parseServeArgs([`--database-password-file=${open}`]))).toBe(
        `Password file ${open} (--database-password-file) is readable by other users (mode 0644); run \`chmod 600 ${open}\` first.`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads --rotate-token as a switch, which takes no value', () => {
    expect(parseServeArgs(['--rotate-token', '--port', '0'])).toEqual({ rotateToken: true, port: 0 });
    expect(thrownMessage(() => parseServeArgs(['--rotate-token=yes']))).toBe("Option '--rotate-token' takes no value.");
  });

  it('names a bad value', () => {
    expect(thrownMessage(() => parseServeArgs(['--port', '70000']))).toBe(
      "Option '--port' must be an integer from 0 to 65535, got '70000'.",
    );
    expect(thrownMessage(() => parseServeArgs(['--data-dir']))).toBe("Option '--data-dir' needs a value.");
    expect(thrownMessage(() => parseServeArgs(['--verbose']))).toContain("Unknown option '--verbose'");
  });
});
