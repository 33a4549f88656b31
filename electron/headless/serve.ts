/**
 * Headless mode (ARCHITECTURE §6): the app without Electron. `startServer()` starts the one
 * assembly (electron/app/start-app.ts) from serve's options; run directly it is the CLI behind
 * `npm run serve`, printing one JSON ready line and stopping cleanly on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startApp, type AppSetup } from '../app/start-app.js';
import { AppError } from '../contract/errors.js';
import type { Core } from '../core/create-core.js';
import { readPasswordFile, readTokenFile } from '../core/config.js';
import type { Hub } from '../core/hub/create-hub.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  /** The Postgres password (from `--database-password-file`), put into the database URL. */
  databasePassword?: string;
  /** `--team-database`: a team Postgres this SQLite instance syncs through (issue 19 item 2). */
  teamDatabaseUrl?: string;
  /** Its password (from `--team-database-password-file`), put into the team database URL. */
  teamDatabasePassword?: string;
  token?: string;
  /** `--rotate-token`: replace the app token saved in the data folder before starting. */
  rotateToken?: boolean;
  /** Environment read for TRACKER_* settings (default process.env). */
  env?: Record<string, string | undefined>;
  /** dist/renderer, served at `/`; omit to serve the API (REST, hub, `/api/rpc`) only. */
  rendererDir?: string;
  /** Called before the hub listens: add routes and upgrades. May return a stop(). */
  setup?: AppSetup;
}

export interface RunningServer {
  /** Opens the app in a browser; carries the token (the current one, after a rotation too). */
  readonly url: string;
  port: number;
  /** The app token now. */
  readonly token: string;
  /** `sqlite:/…/tracker.db` or the Postgres URL without its password. */
  database: string;
  hub: Hub;
  core: Core;
  /** Closes the hub, flushes the ingest queue and closes the database. */
  stop(): Promise<void>;
}

/** Starts the app headless; resolves once the hub listens (a hub that cannot listen fails the start). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const app = await startApp({
    mode: 'headless',
    hub: 'required',
    env: options.env ?? process.env,
    overrides: {
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
      ...(options.databasePassword === undefined ? {} : { databasePassword: options.databasePassword }),
      ...(options.teamDatabaseUrl === undefined ? {} : { teamDatabaseUrl: options.teamDatabaseUrl }),
      ...(options.teamDatabasePassword === undefined ? {} : { teamDatabasePassword: options.teamDatabasePassword }),
      ...(options.token === undefined ? {} : { appToken: options.token }),
      hub: {
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.host === undefined ? {} : { host: options.host, allowRemote: true }),
      },
    },
    ...(options.rendererDir === undefined ? {} : { rendererDir: options.rendererDir }),
    ...(options.setup ? { setup: options.setup } : {}),
    ...(options.rotateToken ? { rotateToken: true } : {}),
  });
  // A required hub listens or startApp throws.
  const hub = app.hub!;
  return {
    get url() {
      return `${app.hubUrl!}/?token=${encodeURIComponent(app.token)}`;
    },
    port: app.port!,
    get token() {
      return app.token;
    },
    database: app.core.store.location,
    hub,
    core: app.core,
    stop: () => app.stop(),
  };
}

/** Why `--token` is refused: argv is visible to every local user (`ps`) and in npm's banner. */
export const TOKEN_FLAG_REFUSED =
  "Option '--token' is not accepted: a token on the command line shows in the process list. Set TRACKER_TOKEN, or put the token in a file only you can read (chmod 600) and pass --token-file PATH (or TRACKER_TOKEN_FILE).";

/** Why a `--database-url` holding a password is refused, for the same reason as `--token`. */
export const PASSWORD_FLAG_REFUSED =
  "Option '--database-url' holds a password, which the process list and npm's banner would show. Set DATABASE_URL in the environment instead, or leave the password out of the URL and put it in a file only you can read (chmod 600) passed as --database-password-file PATH (or TRACKER_DATABASE_PASSWORD_FILE), ~/.pgpass or PGPASSWORD.";

/** Why a `--team-database` holding a password is refused, for the same reason. */
export const TEAM_PASSWORD_FLAG_REFUSED =
  "Option '--team-database' holds a password, which the process list and npm's banner would show. Set TRACKER_TEAM_DATABASE_URL in the environment instead, or leave the password out of the URL and put it in a file only you can read (chmod 600) passed as --team-database-password-file PATH (or TRACKER_TEAM_DATABASE_PASSWORD_FILE), ~/.pgpass or PGPASSWORD.";

/** True when a URL carries a password (`user:password@host`). */
function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(url);
  }
}

/**
 * Parses `--port N --host H --data-dir DIR --database-url URL --database-password-file PATH
 * --team-database URL --team-database-password-file PATH --token-file PATH --rotate-token`
 * (also `--flag=value`). `--token` is refused (TOKEN_FLAG_REFUSED), so is a `--database-url` or
 * `--team-database` with a password (PASSWORD_FLAG_REFUSED).
 */
export function parseServeArgs(argv: string[]): ServerOptions {
  const out: ServerOptions = {};
  const switches: Record<string, () => void> = { '--rotate-token': () => (out.rotateToken = true) };
  const flags: Record<string, (v: string) => void> = {
    '--port': (v) => {
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535)
        throw new AppError('INVALID_INPUT', `Option '--port' must be an integer from 0 to 65535, got '${v}'.`);
      out.port = Number(v);
    },
    '--host': (v) => (out.host = v),
    '--data-dir': (v) => (out.dataDir = resolve(v)),
    '--database-url': (v) => {
      if (hasPassword(v)) throw new AppError('INVALID_INPUT', PASSWORD_FLAG_REFUSED);
      out.databaseUrl = v;
    },
    '--team-database': (v) => {
      if (hasPassword(v)) throw new AppError('INVALID_INPUT', TEAM_PASSWORD_FLAG_REFUSED);
      out.teamDatabaseUrl = v;
    },
    '--team-database-password-file': (v) =>
      (out.teamDatabasePassword = readPasswordFile(resolve(v), '--team-database-password-file', 'teamDatabaseUrl')),
    '--token-file': (v) => (out.token = readTokenFile(resolve(v), '--token-file')),
    '--database-password-file': (v) =>
      (out.databasePassword = readPasswordFile(resolve(v), '--database-password-file')),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--token') throw new AppError('INVALID_INPUT', TOKEN_FLAG_REFUSED);
    const toggle = switches[name];
    if (toggle && eq < 0) {
      toggle();
      continue;
    }
    const set = flags[name];
    if (!set)
      throw new AppError(
        'INVALID_INPUT',
        toggle
          ? `Option '${name}' takes no value.`
          : `Unknown option '${name}'; use --port, --host, --data-dir, --database-url, --database-password-file, --team-database, --team-database-password-file, --token-file or --rotate-token.`,
      );
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new AppError('INVALID_INPUT', `Option '${name}' needs a value.`);
    set(value);
  }
  return out;
}

/** The CLI: start, print the ready line, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  // Signal handlers go in before anything starts: a supervisor may send SIGTERM the moment it reads
  // the ready line, possibly before this process runs its next statement, or while it starts up.
  let server: RunningServer | undefined;
  let signalled: string | undefined;
  const stopAndExit = (running: RunningServer) =>
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`serve: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = signal;
    process.stderr.write(`serve: ${signal}, flushing and closing the database…\n`);
    if (server) void stopAndExit(server);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    const options = parseServeArgs(process.argv.slice(2));
    const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');
    server = await startServer({
      ...options,
      ...(existsSync(join(rendererDir, 'index.html')) ? { rendererDir } : {}),
    });
  } catch (err) {
    process.stderr.write(`serve: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  // A signal during start-up: stop now that there is something to stop.
  if (signalled) return void stopAndExit(server);
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', url: server.url, token: server.token, database: server.database })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
