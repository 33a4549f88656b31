/**
 * A Postgres server of a test's own (initdb + pg_ctl from the installed server, on a free port and a
 * temporary folder), so a test can stop and restart it without cutting off the other suites that
 * share the machine's cluster. As root the server runs as the `postgres` user (Postgres refuses
 * root); otherwise as the current user.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin folder, or undefined. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(PG_ROOT, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivatePostgres {
  /** postgres://tracker:…@127.0.0.1:PORT/postgres (a superuser with a password). */
  url: string;
  stop(): void;
  start(): void;
  isUp(): boolean;
  /** Stops the server (if up) and removes its folder. */
  dispose(): void;
}

/** Creates and starts a private server; throws when no Postgres server is installed. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`no Postgres server under ${PG_ROOT} (initdb, pg_ctl): install postgresql.`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root the folder lives in the postgres user's home: the tmp folder may not be open to it.
  const home = isRoot ? execFileSync('getent', ['passwd', 'postgres']).toString().split(':')[5] : undefined;
  const dir = mkdtempSync(join(home ?? tmpdir(), 'private-pg-'));
  const data = join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2, 12)}`;
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(pwFile, uid, gid);
    chmodSync(dir, 0o700);
  }
  // As root, run each server tool as the postgres user.
  const run = (tool: string, args: string[]) =>
    isRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, tool), args, { stdio: 'pipe' });
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'tracker', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (action: 'start' | 'stop') =>
    run('pg_ctl', [
      '-D',
      data,
      '-w',
      '-t',
      '60',
      ...(action === 'start' ? ['-o', options, '-l', join(dir, 'log'), 'start'] : ['-m', 'fast', 'stop']),
    ]);
  const isUp = () => {
    try {
      execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']);
      return true;
    } catch {
      return false;
    }
  };
  pgCtl('start');
  return {
    url: `postgres://tracker:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => pgCtl('stop'),
    start: () => pgCtl('start'),
    isUp,
    dispose() {
      if (isUp()) pgCtl('stop');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
