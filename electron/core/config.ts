/**
 * The one options object: every default in one place, read from defaults < `<dataDir>/settings.json`
 * < environment < explicit overrides (CLI flags), validated once with zod and frozen.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import path from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { AppError } from '../contract/errors.js';
import { staleThresholdsPatchSchema } from '../contract/methods/app.js';
import { DEFAULT_STALE_AFTER_S, type StaleThresholds } from '../contract/staleness.js';
import { MIN_TOKEN_LENGTH, tokenWeakness } from './auth.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every default, in one place. `dataDir`-relative paths are filled in by `loadConfig`. */
export const DEFAULTS = {
  // maxPayloadBytes: the largest publisher WebSocket frame (larger ones close with 1009). The
  // connection quotas (docs/configuration.md): a global cap, per source, per token, reserved slots.
  hub: {
    host: '127.0.0.1',
    port: 8765,
    allowRemote: false,
    maxPayloadBytes: 1024 * 1024,
    heartbeatMs: 30_000,
    maxConnections: 1000,
    maxConnectionsPerSource: 64,
    maxConnectionsPerToken: 128,
    reservedRpcSlots: 8,
    reservedSubscriberSlots: 64,
  },
  // Stale thresholds per kind (seconds, null: never): DEFAULT_STALE_AFTER_S in the contract.
  ingest: { batchSize: 1000, flushMs: 5, queueLimit: 100_000 },
  live: { flushMs: 5 },
  backup: { intervalS: 3600, keep: 5 },
  // History retention (docs/database.md): every position is kept for keepAllDays (null: forever), then
  // thinned to the first per downsampleS per object; the job runs every intervalS.
  history: { keepAllDays: 30 as number | null, downsampleS: 60, intervalS: 3600 },
  // A team database (Postgres, docs/database.md): the change log keeps changeLogKeepS of batches
  // (pruned every pruneIntervalS); a connector's lease runs out leaseTtlS after its last renewal.
  team: { changeLogKeepS: 7 * 86_400, pruneIntervalS: 3600, leaseTtlS: 30 },
  log: { level: 'info' as LogLevel, maxBytes: 5 * 1024 * 1024, keep: 5 },
  // Imports (docs/configuration.md): POST /api/import body cap, the reader thread's heap, the largest
  // single feature or record (GPX and KML stream; files still read whole, a KMZ archive among them,
  // are capped by it too; the key keeps its old name for existing settings files), and KMZ limits.
  import: {
    maxBodyBytes: 2 * 1024 * 1024 * 1024,
    workerHeapMb: 512,
    maxDocumentBytes: 64 * 1024 * 1024,
    maxUnpackedBytes: 256 * 1024 * 1024,
    maxCompressionRatio: 200,
  },
} as const;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** The settings a file or overrides may set (everything but the data dir, which locates the file). */
const settingsSchema = z.strictObject({
  databaseUrl: z.string().min(1).optional(),
  /** The Postgres password, from a 0600 file (TRACKER_DATABASE_PASSWORD_FILE, `--database-password-file`). */
  databasePassword: z.string().min(1).max(1024).optional(),
  /** A team Postgres this SQLite desktop syncs through (issue 19 item 2; `--team-database`). */
  teamDatabaseUrl: z.string().min(1).optional(),
  /** Its password, from a 0600 file (TRACKER_TEAM_DATABASE_PASSWORD_FILE, `--team-database-password-file`). */
  teamDatabasePassword: z.string().min(1).max(1024).optional(),
  /**
   * Its password as the app's "Team database" settings save it: sealed with the credential key (the
   * desktop keychain where there is one, secrets/secret-key.ts), never in plain text.
   */
  teamDatabasePasswordSealed: z.string().startsWith('enc:v1:').max(4096).optional(),
  appToken: z
    .string()
    .min(MIN_TOKEN_LENGTH)
    .max(512)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
  hub: z
    .strictObject({
      host: z.string().min(1).max(253).optional(),
      port: int(0, 65535).optional(),
      allowRemote: z.boolean().optional(),
      maxPayloadBytes: int(1024, 1024 * 1024 * 1024).optional(),
      heartbeatMs: int(1000, 3_600_000).optional(),
      maxConnections: int(1, 1_000_000).optional(),
      maxConnectionsPerSource: int(1, 1_000_000).optional(),
      maxConnectionsPerToken: int(1, 1_000_000).optional(),
      reservedRpcSlots: int(0, 1_000_000).optional(),
      reservedSubscriberSlots: int(0, 1_000_000).optional(),
    })
    .optional(),
  /** Older single window: read as `staleAfter.other` when that is not set. */
  staleAfterS: int(1, 365 * 86_400).optional(),
  /** Stale thresholds of some kinds (seconds, null: never); changed at runtime by app.setStaleThresholds. */
  staleAfter: staleThresholdsPatchSchema.optional(),
  ingest: z
    .strictObject({
      batchSize: int(1, 1_000_000).optional(),
      flushMs: int(0, 60_000).optional(),
      queueLimit: int(1, 100_000_000).optional(),
    })
    .optional(),
  live: z.strictObject({ flushMs: int(1, 10_000).optional() }).optional(),
  backup: z.strictObject({ intervalS: int(0, 30 * 86_400).optional(), keep: int(1, 1000).optional() }).optional(),
  history: z
    .strictObject({
      keepAllDays: int(0, 36_500).nullable().optional(),
      downsampleS: int(1, 86_400).optional(),
      intervalS: int(60, 7 * 86_400).optional(),
    })
    .optional(),
  team: z
    .strictObject({
      changeLogKeepS: int(60, 365 * 86_400).optional(),
      pruneIntervalS: int(10, 7 * 86_400).optional(),
      leaseTtlS: int(2, 3600).optional(),
    })
    .optional(),
  import: z
    .strictObject({
      maxBodyBytes: int(1024, 64 * 1024 * 1024 * 1024).optional(),
      workerHeapMb: int(32, 64 * 1024).optional(),
      maxDocumentBytes: int(1024, 16 * 1024 * 1024 * 1024).optional(),
      maxUnpackedBytes: int(1024, 64 * 1024 * 1024 * 1024).optional(),
      maxCompressionRatio: int(2, 1_000_000).optional(),
    })
    .optional(),
  log: z
    .strictObject({
      level: z.enum(LOG_LEVELS).optional(),
      maxBytes: int(1024, 1024 * 1024 * 1024).optional(),
      keep: int(1, 100).optional(),
    })
    .optional(),
});

/** What a settings file or the overrides may contain. */
export type Settings = z.input<typeof settingsSchema>;
/** Explicit overrides (CLI flags, Electron): settings plus the data directory. */
export type ConfigOverrides = Settings & { dataDir?: string };

export interface Config {
  dataDir: string;
  /** `sqlite:<path>` or `postgres://…`; may hold a password, so never log it (log `store.location`). */
  databaseUrl: string;
  /** The team Postgres this SQLite desktop syncs through, or null; may hold a password, so never log it. */
  teamDatabaseUrl: string | null;
  /** The saved, sealed password of a team database URL that has none (opened with the credential key). */
  teamDatabasePasswordSealed: string | null;
  /**
   * The app token from TRACKER_TOKEN, a 0600 token file (TRACKER_TOKEN_FILE, `--token-file`) or
   * settings, at least 128 bits strong (tokenWeakness); null to use the one saved in the data folder
   * (app-token.ts).
   */
  appToken: string | null;
  hub: {
    host: string;
    port: number;
    allowRemote: boolean;
    maxPayloadBytes: number;
    heartbeatMs: number;
    /** Connection quotas (see DEFAULTS.hub). */
    maxConnections: number;
    maxConnectionsPerSource: number;
    maxConnectionsPerToken: number;
    reservedRpcSlots: number;
    reservedSubscriberSlots: number;
  };
  /** Each kind's stale threshold (seconds, null: never): the defaults with the settings over them. */
  staleAfter: StaleThresholds;
  ingest: { batchSize: number; flushMs: number; queueLimit: number };
  /** How often live subscribers get their coalesced changes. */
  live: { flushMs: number };
  backup: { dir: string; intervalS: number; keep: number };
  /** History retention (see DEFAULTS.history); changed at runtime through `history.setRetention`. */
  history: { keepAllDays: number | null; downsampleS: number; intervalS: number };
  /** A team database's change log retention and connector lease length (see DEFAULTS.team). */
  team: { changeLogKeepS: number; pruneIntervalS: number; leaseTtlS: number };
  log: { dir: string; level: LogLevel; maxBytes: number; keep: number };
  /** Import limits (see DEFAULTS.import). */
  import: {
    maxBodyBytes: number;
    workerHeapMb: number;
    maxDocumentBytes: number;
    maxUnpackedBytes: number;
    maxCompressionRatio: number;
  };
  settingsFile: string;
  /**
   * The feed-credential key (docs/security.md): TRACKER_SECRET_KEY (base64 of 32 bytes; read from the
   * environment only, never from settings.json) or null to use the key kept in the data folder.
   */
  secretKey: string | null;
}

/** Marks config objects so the logger refuses to print them whole. */
export const CONFIG_MARK: unique symbol = Symbol.for('osm-object-tracker.config');

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  overrides?: ConfigOverrides;
  /** The platform default data dir (Electron passes `app.getPath('userData')`); env and overrides win. */
  dataDir?: string;
}

/** The platform's user-data directory for the app (used when nothing else names one). */
export function defaultDataDir(): string {
  return envPaths('osm-object-tracker', { suffix: '' }).data;
}

/**
 * Builds the frozen Config. Throws AppError('INVALID_INPUT') with one sentence naming the setting,
 * where it came from and the bad value.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? {};
  const { dataDir: overrideDir, ...overrides } = options.overrides ?? {};
  const dataDir = path.resolve(overrideDir ?? nonEmpty(env.TRACKER_DATA_DIR) ?? options.dataDir ?? defaultDataDir());
  const settingsFile = path.join(dataDir, 'settings.json');
  const fromFile = validate(readSettingsFile(settingsFile), `settings file ${settingsFile}`);
  const fromEnv = validate(settingsFromEnv(env), 'the environment');
  const fromOverrides = validate(overrides, 'the command line');
  const merged = mergeSettings(mergeSettings(fromFile, fromEnv), fromOverrides);
  const config: Config = {
    ...build(dataDir, settingsFile, merged),
    secretKey: nonEmpty(env.TRACKER_SECRET_KEY) ?? null,
  };
  checkContradictions(config);
  return deepFreeze(Object.defineProperty(config, CONFIG_MARK, { value: true, enumerable: false }));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function build(dataDir: string, settingsFile: string, s: z.output<typeof settingsSchema>): Omit<Config, 'secretKey'> {
  return {
    dataDir,
    databaseUrl:
      s.databasePassword === undefined
        ? (s.databaseUrl ?? `sqlite:${path.join(dataDir, 'tracker.db')}`)
        : withDatabasePassword(s.databaseUrl ?? 'sqlite:', s.databasePassword),
    teamDatabaseUrl: teamUrl(s.teamDatabaseUrl, s.teamDatabasePassword),
    teamDatabasePasswordSealed: s.teamDatabasePasswordSealed ?? null,
    appToken: s.appToken ?? null,
    hub: { ...DEFAULTS.hub, ...s.hub },
    staleAfter: {
      ...DEFAULT_STALE_AFTER_S,
      ...(s.staleAfterS === undefined ? {} : { other: s.staleAfterS }),
      ...s.staleAfter,
    },
    ingest: { ...DEFAULTS.ingest, ...s.ingest },
    live: { ...DEFAULTS.live, ...s.live },
    backup: { dir: path.join(dataDir, 'backups'), ...DEFAULTS.backup, ...s.backup },
    history: { ...DEFAULTS.history, ...s.history },
    team: { ...DEFAULTS.team, ...s.team },
    log: { dir: path.join(dataDir, 'logs'), ...DEFAULTS.log, ...s.log },
    import: { ...DEFAULTS.import, ...s.import },
    settingsFile,
  };
}

/** The team database URL with its password put in; null when none is set. */
function teamUrl(url: string | undefined, password: string | undefined): string | null {
  if (url === undefined) {
    if (password !== undefined)
      throw invalid('A team database password file was given, but no team database URL.', 'teamDatabaseUrl');
    return null;
  }
  return password === undefined ? url : withDatabasePassword(url, password, 'teamDatabaseUrl');
}

const ENV_KEYS = {
  DATABASE_URL: 'databaseUrl',
  TRACKER_TEAM_DATABASE_URL: 'teamDatabaseUrl',
  TRACKER_TOKEN: 'appToken',
  TRACKER_HOST: 'hub.host',
  TRACKER_PORT: 'hub.port',
  TRACKER_ALLOW_REMOTE: 'hub.allowRemote',
  LOG_LEVEL: 'log.level',
} as const;

function settingsFromEnv(env: Record<string, string | undefined>): Settings {
  const out: Settings = {};
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined) out.databaseUrl = databaseUrl;
  const passwordFile = nonEmpty(env.TRACKER_DATABASE_PASSWORD_FILE);
  if (passwordFile !== undefined)
    out.databasePassword = readPasswordFile(passwordFile, 'TRACKER_DATABASE_PASSWORD_FILE');
  const teamUrl = nonEmpty(env.TRACKER_TEAM_DATABASE_URL);
  if (teamUrl !== undefined) out.teamDatabaseUrl = teamUrl;
  const teamPasswordFile = nonEmpty(env.TRACKER_TEAM_DATABASE_PASSWORD_FILE);
  if (teamPasswordFile !== undefined)
    out.teamDatabasePassword = readPasswordFile(
      teamPasswordFile,
      'TRACKER_TEAM_DATABASE_PASSWORD_FILE',
      'teamDatabaseUrl',
    );
  const token = nonEmpty(env.TRACKER_TOKEN);
  const tokenFile = nonEmpty(env.TRACKER_TOKEN_FILE);
  if (token !== undefined && tokenFile !== undefined) {
    throw invalid('Set either TRACKER_TOKEN or TRACKER_TOKEN_FILE, not both.', 'appToken');
  }
  if (token !== undefined) out.appToken = token;
  if (tokenFile !== undefined) out.appToken = readTokenFile(tokenFile, 'TRACKER_TOKEN_FILE');
  const host = nonEmpty(env.TRACKER_HOST);
  const port = nonEmpty(env.TRACKER_PORT);
  const allowRemote = nonEmpty(env.TRACKER_ALLOW_REMOTE);
  if (host !== undefined || port !== undefined || allowRemote !== undefined) {
    out.hub = {};
    if (host !== undefined) out.hub.host = host;
    if (allowRemote !== undefined) out.hub.allowRemote = /^(1|true|yes)$/i.test(allowRemote.trim());
    if (port !== undefined) {
      if (!/^\d{1,5}$/.test(port.trim())) {
        throw invalid(
          `Environment variable TRACKER_PORT must be an integer from 0 to 65535, got '${port}'.`,
          'hub.port',
        );
      }
      out.hub.port = Number(port.trim());
    }
  }
  const level = nonEmpty(env.LOG_LEVEL);
  if (level !== undefined) out.log = { level: level.trim().toLowerCase() as LogLevel };
  return out;
}

/**
 * Writes `patch` into the settings file (a setting changed at runtime) and drops the `remove` keys,
 * keeping everything else in it: the merged file is validated like a loaded one, then replaced atomically. The running config is
 * frozen; the caller applies the new value itself, and the next start reads it from the file.
 */
export function saveSettings(file: string, patch: Settings, remove: readonly (keyof Settings)[] = []): void {
  const current = validate(readSettingsFile(file), `settings file ${file}`);
  const merged: Record<string, unknown> = mergeSettings(current, patch);
  for (const key of remove) delete merged[key];
  const next = validate(merged, `settings file ${file}`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The settings saved in settings.json (validated; a missing file is none), without the environment or overrides. */
export function readSavedSettings(file: string): Settings {
  return validate(readSettingsFile(file), `settings file ${file}`);
}

/** Reads and parses settings.json; a missing file is no settings. Bad JSON names the file and line. */
function readSettingsFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw invalid(`Settings file ${file} cannot be read: ${(error as Error).message}.`, 'settingsFile');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    const position = match ? Number(match[1]) : text.length;
    const line = text.slice(0, position).split('\n').length;
    throw invalid(
      `Settings file ${file} is not valid JSON at line ${line}: ${(error as Error).message.replace(/\.$/, '')}.`,
      'settingsFile',
    );
  }
}

function validate(raw: unknown, origin: string): z.output<typeof settingsSchema> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(`Settings from ${origin} must be a JSON object, got ${describe(raw)}.`, 'settings');
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return checkTokenStrength(parsed.data, origin);
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = [field, issue.keys[0]].filter(Boolean).join('.');
    throw invalid(`Unknown setting '${key}' in ${origin}.`, key);
  }
  const bad = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], raw);
  const envName = origin === 'the environment' ? envNameOf(field) : undefined;
  const subject = envName ? `Environment variable ${envName} ('${field}')` : `Setting '${field}' from ${origin}`;
  // Secrets are never echoed, not even in an error.
  const got =
    SECRET_SETTINGS.has(field) && typeof bad === 'string' ? `a value of ${bad.length} characters` : describe(bad);
  throw invalid(`${subject} ${describeRule(issue)}, got ${got}.`, field);
}

const SECRET_SETTINGS = new Set([
  'appToken',
  'databaseUrl',
  'databasePassword',
  'teamDatabaseUrl',
  'teamDatabasePassword',
  'teamDatabasePasswordSealed',
]);

/** Refuses a chosen app token weaker than 128 bits (tokenWeakness), never echoing it. */
function checkTokenStrength<T extends { appToken?: string | undefined }>(settings: T, origin: string): T {
  const weakness = settings.appToken === undefined ? undefined : tokenWeakness(settings.appToken);
  if (weakness === undefined) return settings;
  const subject =
    origin === 'the environment' ? 'The app token from the environment' : `Setting 'appToken' from ${origin}`;
  throw invalid(
    `${subject} is too weak: it ${weakness}. Use at least 128 random bits, e.g. \`openssl rand -base64 32\`, or let the app generate one.`,
    'appToken',
  );
}

/**
 * The first line of a secret file only its owner can read (mode 0600 or stricter; `origin` names the
 * flag or variable in errors, `what` the secret). A group- or world-readable file is refused; the
 * file's content is never echoed.
 */
function readSecretFile(file: string, origin: string, what: 'Password' | 'Token', field: string): string {
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(
      `${what} file ${file} (${origin}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      field,
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const shown = (mode & 0o777).toString(8).padStart(4, '0');
    throw invalid(
      `${what} file ${file} (${origin}) is readable by other users (mode ${shown}); run \`chmod 600 ${file}\` first.`,
      field,
    );
  }
  const line = text.split(/\r?\n/)[0]!;
  if (line.trim() === '') throw invalid(`${what} file ${file} (${origin}) is empty.`, field);
  return line;
}

/** A database password from a file only its owner can read: its first line, as written. */
export function readPasswordFile(file: string, origin: string, field = 'databaseUrl'): string {
  return readSecretFile(file, origin, 'Password', field);
}

/** A postgres:// URL with `password` put in (a password already in the URL is refused: two sources). */
export function withDatabasePassword(url: string, password: string, field = 'databaseUrl'): string {
  const what = field === 'teamDatabaseUrl' ? 'team database' : 'database';
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw invalid(`A ${what} password file was given, but the ${what} URL is not a postgres:// URL.`, field);
  const u = new URL(url);
  if (u.password !== '')
    throw invalid(`The ${what} URL already holds a password; give it once, in the URL or in the password file.`, field);
  u.password = password;
  return u.toString();
}

/** The app token from a file only its owner can read: its first line, trimmed. */
export function readTokenFile(file: string, origin: string): string {
  return readSecretFile(file, origin, 'Token', 'appToken').trim();
}

function envNameOf(field: string): string | undefined {
  return Object.entries(ENV_KEYS).find(([, f]) => f === field)?.[0];
}

function describeRule(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : `must be at most ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${issue.minimum} characters`
        : `must be at least ${issue.minimum}`;
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}`;
    case 'invalid_format':
      return 'must be printable ASCII without spaces';
    default:
      return 'is invalid';
  }
}

function checkContradictions(c: Config): void {
  checkTeamDatabase(c);
  if (!c.hub.allowRemote && !isLoopback(c.hub.host)) {
    throw invalid(
      `Setting 'hub.host' is '${c.hub.host}', which is not a loopback address; set 'hub.allowRemote' to true to open the hub to the network.`,
      'hub.host',
    );
  }
  const { maxConnections, reservedRpcSlots, reservedSubscriberSlots } = c.hub;
  if (reservedRpcSlots + reservedSubscriberSlots >= maxConnections) {
    throw invalid(
      `Settings 'hub.reservedRpcSlots' (${reservedRpcSlots}) and 'hub.reservedSubscriberSlots' (${reservedSubscriberSlots}) together must be less than 'hub.maxConnections' (${maxConnections}).`,
      'hub.maxConnections',
    );
  }
  if (c.ingest.queueLimit < c.ingest.batchSize) {
    throw invalid(
      `Setting 'ingest.queueLimit' (${c.ingest.queueLimit}) must be at least 'ingest.batchSize' (${c.ingest.batchSize}).`,
      'ingest.queueLimit',
    );
  }
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/|file:|\/|\.{0,2}[\\/]|[A-Za-z]:[\\/])/.test(c.databaseUrl)) {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(c.databaseUrl)?.[0] ?? c.databaseUrl.slice(0, 20);
    throw invalid(
      `Setting 'databaseUrl' must be a file path, a sqlite: URL or a postgres:// URL, got '${scheme}…'.`,
      'databaseUrl',
    );
  }
}

/** A team database is a Postgres, joined by a desktop on its own SQLite store. */
function checkTeamDatabase(c: Config): void {
  if (c.teamDatabaseUrl === null) return;
  if (!/^postgres(ql)?:\/\//i.test(c.teamDatabaseUrl)) {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(c.teamDatabaseUrl)?.[0] ?? c.teamDatabaseUrl.slice(0, 20);
    throw invalid(`Setting 'teamDatabaseUrl' must be a postgres:// URL, got '${scheme}…'.`, 'teamDatabaseUrl');
  }
  // Not echoed: it may hold a password.
  if (!URL.canParse(c.teamDatabaseUrl) || new URL(c.teamDatabaseUrl).hostname === '')
    throw invalid("Setting 'teamDatabaseUrl' is not a postgres:// URL with a host.", 'teamDatabaseUrl');
  if (/^postgres(ql)?:\/\//i.test(c.databaseUrl)) {
    throw invalid(
      "Setting 'teamDatabaseUrl' needs a SQLite store of this instance's own; an instance on Postgres shares that database directly.",
      'teamDatabaseUrl',
    );
  }
}

/**
 * The one loopback check (config contradictions, the hub's "open to the network" warning): true for
 * 127.0.0.0/8, ::1 (bracketed or not) and localhost, in any letter case.
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || (isIPv4(h) && h.startsWith('127.'));
}

function mergeSettings<T extends Record<string, unknown>>(base: T, top: T): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    if (value === undefined) continue;
    const prev = out[key];
    out[key] =
      typeof value === 'object' && value !== null && typeof prev === 'object' && prev !== null
        ? { ...(prev as object), ...(value as object) }
        : value;
  }
  return out as T;
}

function invalid(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
