import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS, defaultDataDir, isLoopback, loadConfig, readTokenFile, saveSettings } from './config.js';
import { DEFAULT_STALE_AFTER_S } from '../contract/staleness.js';
import { thrownMessage } from '../../test/support/thrown.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const STRONG = 'Xk3_q9ZpL2vR7tYb1WmN0eQ4';
const settings = (value: unknown) =>
  writeFileSync(path.join(dir, 'settings.json'), typeof value === 'string' ? value : JSON.stringify(value));
describe('loadConfig', () => {
  it('fills every default from one place and derives paths from the data dir', () => {
    const c = loadConfig({ dataDir: dir });
    expect(c.dataDir).toBe(dir);
    expect(c.databaseUrl).toBe(`sqlite:${path.join(dir, 'tracker.db')}`);
    expect(c.hub).toEqual(DEFAULTS.hub);
    expect(c.log).toEqual({ dir: path.join(dir, 'logs'), ...DEFAULTS.log });
    expect(c.backup.dir).toBe(path.join(dir, 'backups'));
    expect(c.appToken).toBeNull();
    expect(Object.isFrozen(c) && Object.isFrozen(c.hub)).toBe(true);
  });

  it('uses the platform user-data dir when nothing names one', () => {
    expect(defaultDataDir()).toMatch(/osm-object-tracker$/);
    expect(loadConfig({}).dataDir).toBe(defaultDataDir());
  });

  it('applies settings.json < environment < overrides', () => {
    settings({ hub: { port: 1111, heartbeatMs: 5000 }, log: { level: 'debug' }, staleAfterS: 60 });
    const env = {
      TRACKER_PORT: '2222',
      LOG_LEVEL: 'WARN',
      TRACKER_TOKEN: STRONG,
      DATABASE_URL: 'postgres://u:p@h/db',
    };
    const c = loadConfig({ dataDir: dir, env, overrides: { hub: { port: 3333 } } });
    expect(c.hub.port).toBe(3333);
    expect(c.hub.heartbeatMs).toBe(5000);
    expect(c.log.level).toBe('warn');
    expect(c.staleAfter.other).toBe(60);
    expect(c.staleAfter.ship).toBe(900);
    expect(c.appToken).toBe(STRONG);
    expect(c.databaseUrl).toBe('postgres://u:p@h/db');
    expect(loadConfig({ dataDir: dir, env: {} }).hub.port).toBe(1111);
  });

  it('takes the data dir from overrides, then TRACKER_DATA_DIR, then the platform default', () => {
    const other = path.join(dir, 'other');
    expect(loadConfig({ dataDir: '/nope', env: { TRACKER_DATA_DIR: other } }).dataDir).toBe(other);
    expect(loadConfig({ dataDir: '/nope', env: { TRACKER_DATA_DIR: '/x' }, overrides: { dataDir: dir } }).dataDir).toBe(
      dir,
    );
  });

  it('refuses a port out of range, naming the source and value', () => {
    expect(thrownMessage(() => loadConfig({ dataDir: dir, overrides: { hub: { port: 70000 } } }))).toBe(
      "Setting 'hub.port' from the command line must be at most 65535, got 70000.",
    );
    expect(thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_PORT: 'abc' } }))).toBe(
      "Environment variable TRACKER_PORT must be an integer from 0 to 65535, got 'abc'.",
    );
    expect(thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_PORT: '99999' } }))).toBe(
      "Environment variable TRACKER_PORT ('hub.port') must be at most 65535, got 99999.",
    );
    expect(loadConfig({ dataDir: dir, env: { TRACKER_PORT: '0' } }).hub.port).toBe(0);
  });

  it('refuses an unknown log level', () => {
    expect(thrownMessage(() => loadConfig({ dataDir: dir, env: { LOG_LEVEL: 'loud' } }))).toBe(
      "Environment variable LOG_LEVEL ('log.level') must be one of 'debug', 'info', 'warn', 'error', 'silent', got 'loud'.",
    );
  });

  it('refuses a non-loopback host unless allowRemote is set', () => {
    expect(thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_HOST: '0.0.0.0' } }))).toBe(
      "Setting 'hub.host' is '0.0.0.0', which is not a loopback address; set 'hub.allowRemote' to true to open the hub to the network.",
    );
    expect(loadConfig({ dataDir: dir, env: { TRACKER_HOST: '0.0.0.0', TRACKER_ALLOW_REMOTE: '1' } }).hub.host).toBe(
      '0.0.0.0',
    );
    expect(
      loadConfig({ dataDir: dir, overrides: { hub: { host: '192.168.1.2', allowRemote: true } } }).hub.allowRemote,
    ).toBe(true);
    expect(loadConfig({ dataDir: dir, env: { TRACKER_HOST: 'localhost' } }).hub.host).toBe('localhost');
  });

  it('refuses bad JSON in settings.json naming the file and line', () => {
    settings('{\n  "hub": { "port": 1 },\n}\n');
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toMatch(
      new RegExp(
        `^Settings file ${path.join(dir, 'settings.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON at line 3: .+\\.$`,
      ),
    );
  });

  it('refuses unknown and mistyped settings in the file', () => {
    settings({ hub: { prot: 1 } });
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toBe(
      `Unknown setting 'hub.prot' in settings file ${path.join(dir, 'settings.json')}.`,
    );
    settings({ staleAfterS: 'soon' });
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toBe(
      `Setting 'staleAfterS' from settings file ${path.join(dir, 'settings.json')} must be a number, got 'soon'.`,
    );
    settings([1]);
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toMatch(/must be a JSON object, got an array\.$/);
  });

  it('refuses contradictory ingest limits', () => {
    expect(
      thrownMessage(() => loadConfig({ dataDir: dir, overrides: { ingest: { batchSize: 500, queueLimit: 100 } } })),
    ).toBe("Setting 'ingest.queueLimit' (100) must be at least 'ingest.batchSize' (500).");
  });

  it('never echoes a secret in its error', () => {
    const msg = thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_TOKEN: 'short' } }));
    expect(msg).toBe(
      "Environment variable TRACKER_TOKEN ('appToken') must be at least 22 characters, got a value of 5 characters.",
    );
    const bad = thrownMessage(() => loadConfig({ dataDir: dir, env: { DATABASE_URL: 'mysql://u:secret@h/db' } }));
    expect(bad).not.toContain('secret');
  });

  it('refuses a weak app token from any origin with the reason, never echoing it', () => {
    const weak = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const fromEnv = thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_TOKEN: weak } }));
    expect(fromEnv).toBe(
      'The app token from the environment is too weak: it uses only 1 different characters. Use at least 128 random bits, e.g. `openssl rand -base64 32`, or let the app generate one.',
    );
    const fromFlags = thrownMessage(() =>
      loadConfig({ dataDir: dir, overrides: { appToken: 'abcdefghijklmnopqrstuvwxyz' } }),
    );
    expect(fromFlags).toContain("Setting 'appToken' from the command line is too weak");
    settings({ appToken: 'aB3-zQ9_aB3-zQ9_aB3-zQ9_' });
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toContain('it repeats a shorter string');
    for (const m of [fromEnv, fromFlags]) expect(m).not.toMatch(/aaaa|abcd|zQ9/);
    settings({});
    expect(loadConfig({ dataDir: dir, env: {}, overrides: { appToken: STRONG } }).appToken).toBe(STRONG);
  });

  it('reads the app token from a 0600 file (TRACKER_TOKEN_FILE) and refuses one others can read', () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, `${STRONG}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(loadConfig({ dataDir: dir, env: { TRACKER_TOKEN_FILE: file } }).appToken).toBe(STRONG);
    expect(readTokenFile(file, '--token-file')).toBe(STRONG);
    chmodSync(file, 0o644);
    expect(thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_TOKEN_FILE: file } }))).toBe(
      `Token file ${file} (TRACKER_TOKEN_FILE) is readable by other users (mode 0644); run \`chmod 600 ${file}\` first.`,
    );
    expect(thrownMessage(() => readTokenFile(path.join(dir, 'missing'), '--token-file'))).toContain(
      'cannot be read: ENOENT',
    );
    chmodSync(file, 0o600);
    expect(
      thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_TOKEN_FILE: file, TRACKER_TOKEN: STRONG } })),
    ).toBe('Set either TRACKER_TOKEN or TRACKER_TOKEN_FILE, not both.');
    writeFileSync(file, 'weak-token\n');
    expect(thrownMessage(() => loadConfig({ dataDir: dir, env: { TRACKER_TOKEN_FILE: file } }))).not.toContain(
      'weak-token',
    );
  });

  it('recognises loopback hosts: all of 127.0.0.0/8, ::1 and localhost, and nothing else', () => {
    const loopback = ['127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '[::1]', 'localhost', 'LocalHost'];
    expect(loopback.filter((h) => !isLoopback(h))).toEqual([]);
    const open = ['0.0.0.0', '10.0.0.1', '128.0.0.1', '127.0.0.256', '127.0.0.1.example.com', 'example.com', '::'];
    expect(open.filter(isLoopback)).toEqual([]);
  });

  it('accepts any 127.0.0.0/8 host without allowRemote and refuses a LAN address without it', () => {
    expect(loadConfig({ dataDir: dir, overrides: { hub: { host: '127.0.0.2' } } }).hub.host).toBe('127.0.0.2');
    expect(thrownMessage(() => loadConfig({ dataDir: dir, overrides: { hub: { host: '192.168.1.5' } } }))).toContain(
      "Setting 'hub.host' is '192.168.1.5', which is not a loopback address",
    );
    const lan = loadConfig({ dataDir: dir, overrides: { hub: { host: '192.168.1.5', allowRemote: true } } });
    expect(lan.hub.host).toBe('192.168.1.5');
  });
});

describe('history retention settings', () => {
  const file = () => path.join(dir, 'settings.json');

  it('defaults to every position for 30 days, then one a minute, checked hourly', () => {
    expect(loadConfig({ dataDir: dir }).history).toEqual({ keepAllDays: 30, downsampleS: 60, intervalS: 3600 });
  });

  it('accepts 0 days and null (keep everything) and refuses other values naming the field', () => {
    settings({ history: { keepAllDays: null, downsampleS: 300 } });
    expect(loadConfig({ dataDir: dir }).history).toEqual({ keepAllDays: null, downsampleS: 300, intervalS: 3600 });
    settings({ history: { keepAllDays: 0 } });
    expect(loadConfig({ dataDir: dir }).history.keepAllDays).toBe(0);
    settings({ history: { keepAllDays: -1 } });
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toBe(
      `Setting 'history.keepAllDays' from settings file ${file()} must be at least 0, got -1.`,
    );
    settings({ history: { downsampleS: 0.5 } });
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toBe(
      `Setting 'history.downsampleS' from settings file ${file()} must be an integer, got 0.5.`,
    );
    settings({ history: { intervalS: 10 } });
    expect(thrownMessage(() => loadConfig({ dataDir: dir }))).toBe(
      `Setting 'history.intervalS' from settings file ${file()} must be at least 60, got 10.`,
    );
  });

  it("reads per-kind stale thresholds over the defaults; the older staleAfterS is the other kinds' one", () => {
    settings({ staleAfterS: 120, staleAfter: { ship: 60, aton: 30, sensor: null } });
    expect(loadConfig({ dataDir: dir }).staleAfter).toEqual({
      ...DEFAULT_STALE_AFTER_S,
      other: 120,
      ship: 60,
      aton: 30,
      sensor: null,
    });
    settings({ staleAfter: { ship: 0 } });
    expect(() => loadConfig({ dataDir: dir })).toThrow(
      `Setting 'staleAfter.ship' from settings file ${file()} must be at least 1, got 0.`,
    );
    settings({ staleAfter: { ufo: 5 } });
    expect(() => loadConfig({ dataDir: dir })).toThrow(`Unknown setting 'staleAfter.ufo' in settings file ${file()}.`);
  });

  it('saves a runtime change into settings.json, keeping the other settings, for the next start', () => {
    settings({ staleAfterS: 120, history: { intervalS: 600 } });
    saveSettings(file(), { history: { keepAllDays: 7, downsampleS: 30 } });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({
      staleAfterS: 120,
      history: { intervalS: 600, keepAllDays: 7, downsampleS: 30 },
    });
    expect(loadConfig({ dataDir: dir }).history).toEqual({ keepAllDays: 7, downsampleS: 30, intervalS: 600 });
    saveSettings(file(), { history: { keepAllDays: null } });
    expect(loadConfig({ dataDir: dir }).history.keepAllDays).toBeNull();
  });

  it('refuses to save a bad value and leaves the file as it was', () => {
    settings({ history: { keepAllDays: 7 } });
    expect(thrownMessage(() => saveSettings(file(), { history: { downsampleS: 0 } }))).toBe(
      `Setting 'history.downsampleS' from settings file ${file()} must be at least 1, got 0.`,
    );
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ history: { keepAllDays: 7 } });
  });
});
