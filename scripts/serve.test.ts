// `npm run serve` (scripts/serve.mjs): forwards its arguments to the headless server, prints the
// ready line on stdout, and forwards SIGTERM so the server flushes and closes before exiting 0.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'serve-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/serve.mjs', () => {
  it('forwards arguments, prints the ready line and stops cleanly on SIGTERM', async () => {
    // The token comes from a file only its owner can read: `--token` is refused (see below).
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, 'serve-script-token-0123456789\n', { mode: 0o600 });
    const child = spawn(
      process.execPath,
      [path.join(root, 'scripts/serve.mjs'), '--no-build', '--port', '0', '--data-dir', dir, '--token-file', tokenFile],
      {
        cwd: root,
        env: { ...process.env, TRACKER_DATA_DIR: '' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = await new Promise<{ event: string; url: string; token: string; database: string }>(
      (resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const line = stdout.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve(JSON.parse(line) as never);
        });
        child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
      },
    );
    expect(ready).toMatchObject({
      event: 'ready',
      token: 'serve-script-token-0123456789',
      database: `sqlite:${path.join(dir, 'tracker.db')}`,
    });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=serve-script-token-0123456789$/);
    const health = await fetch(new URL('/api/health', ready.url));
    expect(health.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM');
    expect(existsSync(path.join(dir, 'tracker.db-wal'))).toBe(false);
  }, 60_000);

  it('refuses --token (it would show in the process list) with the alternatives, without echoing it', async () => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'scripts/serve.mjs'), '--no-build', '--port', '0', '--token', 'SEKRET-serve-token-0123456789'],
      { cwd: root, env: { ...process.env, TRACKER_DATA_DIR: dir } },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain("Option '--token' is not accepted");
    expect(output).toContain('TRACKER_TOKEN');
    expect(output).toContain('--token-file');
    expect(output).not.toContain('SEKRET');
  }, 60_000);
});
