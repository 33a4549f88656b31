/**
 * Scoped loggers (`createLogger('hub')`) writing JSON lines to a rotating file in `<dataDir>/logs/`
 * and readable lines to stderr. Tokens, passwords and connection secrets are redacted before writing.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_MARK, type LogLevel } from './config.js';
import { ensurePrivateDir, makePrivateFile } from '../../db/private-files.js';

import type { LogFields, Logger } from '../contract/logger.js';

export type { LogFields, Logger };

export interface LoggingOptions {
  /** Folder for `tracker.log` (+ `.1` … `.keep`); no file when omitted. */
  dir?: string;
  level?: LogLevel;
  /** Rotate when the file would grow past this many bytes. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
  /** Also write to stderr (default true). */
  console?: boolean;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const FILE_NAME = 'tracker.log';

interface Sink {
  level: LogLevel;
  console: boolean;
  file: { dir: string; fd: number; size: number; maxBytes: number; keep: number } | null;
}

let sink: Sink = { level: 'info', console: true, file: null };

/** Sets where every logger writes (once at start; again in tests). Closes the previous file. */
export function configureLogging(options: LoggingOptions): void {
  closeLogging();
  let file: Sink['file'] = null;
  if (options.dir !== undefined) {
    // Private by default (docs/security.md): the folder 0700, the files 0600, also when they existed wider.
    ensurePrivateDir(options.dir);
    const target = path.join(options.dir, FILE_NAME);
    const fd = openSync(target, 'a', 0o600);
    for (let i = 0; i <= (options.keep ?? 5); i += 1) makePrivateFile(i === 0 ? target : `${target}.${i}`);
    file = {
      dir: options.dir,
      fd,
      size: statSync(target).size,
      maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
      keep: options.keep ?? 5,
    };
  }
  sink = { level: options.level ?? 'info', console: options.console ?? true, file };
}

/** Closes the log file (at exit; before configuring again). */
export function closeLogging(): void {
  if (sink.file) closeSync(sink.file.fd);
  sink = { ...sink, file: null };
}

/** A logger for one scope; it writes to whatever sink is configured at the time of each call. */
export function createLogger(scope: string): Logger {
  const write = (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) =>
    emit(level, scope, msg, fields);
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (sub) => createLogger(`${scope}:${sub}`),
  };
}

function emit(level: Exclude<LogLevel, 'silent'>, scope: string, msg: string, fields?: LogFields): void {
  if (RANK[level] < RANK[sink.level]) return;
  const time = new Date().toISOString();
  const safeMsg = redactString(msg);
  const safeFields = fields === undefined ? undefined : (redact(fields) as LogFields);
  if (sink.file) {
    const line = `${JSON.stringify({ time, level, scope, msg: safeMsg, ...safeFields })}\n`;
    writeFile(sink.file, line);
  }
  if (sink.console) {
    const extra = safeFields && Object.keys(safeFields).length > 0 ? ` ${JSON.stringify(safeFields)}` : '';
    process.stderr.write(`${time} ${level.toUpperCase().padEnd(5)} [${scope}] ${safeMsg}${extra}\n`);
  }
}

function writeFile(file: NonNullable<Sink['file']>, line: string): void {
  const bytes = Buffer.byteLength(line);
  if (file.size > 0 && file.size + bytes > file.maxBytes) rotate(file);
  try {
    writeSync(file.fd, line);
    file.size += bytes;
  } catch {
    // A full disk must not take the app down through its logger.
  }
}

/** tracker.log → tracker.log.1 → … → tracker.log.<keep>; the oldest is dropped. */
function rotate(file: NonNullable<Sink['file']>): void {
  const base = path.join(file.dir, FILE_NAME);
  try {
    closeSync(file.fd);
    rmSync(`${base}.${file.keep}`, { force: true });
    for (let i = file.keep - 1; i >= 1; i -= 1) {
      try {
        renameSync(`${base}.${i}`, `${base}.${i + 1}`);
      } catch {
        // Not there yet.
      }
    }
    renameSync(base, `${base}.1`);
  } finally {
    file.fd = openSync(base, 'a', 0o600);
    file.size = 0;
  }
}

const SECRET_KEY = /token|passw|secret|authori[sz]ation|api[-_]?key|cookie|credential|private[-_]?key/i;
/** A number under a limit's name (`maxConnectionsPerToken`) is a setting, not a secret. */
const LIMIT_KEY = /^(max|min)[A-Z]/;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

/** True when the value under `key` must not be written to a log. */
function isSecretField(key: string, inner: unknown): boolean {
  if (inner === null || inner === undefined || typeof inner === 'boolean') return false;
  if (typeof inner === 'number' && LIMIT_KEY.test(key)) return false;
  return SECRET_KEY.test(key);
}

/** A copy of `value` safe to log: secret keys and secrets inside strings are replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return typeof value === 'bigint' ? String(value) : value;
  if ((value as Record<symbol, unknown>)[CONFIG_MARK] === true) return '[config omitted]';
  if (value === process.env) return '[environment omitted]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redactString(value.message),
      ...(code === undefined ? {} : { code: redact(code, depth + 1) }),
      ...(value.stack === undefined ? {} : { stack: redactString(value.stack) }),
    };
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `[${value.length - MAX_ITEMS} more]`] : items;
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const [key, inner] of Object.entries(value)) {
    if (count++ >= MAX_ITEMS) {
      out['…'] = 'more keys omitted';
      break;
    }
    out[key] = isSecretField(key, inner) ? '[redacted]' : redact(inner, depth + 1);
  }
  return out;
}

/** Redacts `token=…` query values, `user:pass@` in URLs and `Bearer …` credentials inside text. */
export function redactString(text: string): string {
  return text
    .replace(/([?&;\s"']|^)((?:access_?|app_?|api_?)?(?:token|key|password|secret)=)[^&\s"'#]+/gi, '$1$2[redacted]')
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/gi, '$1:[redacted]@')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]');
}
