import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { closeLogging, configureLogging, createLogger, redact, redactString } from './log.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'log-'));
});
afterEach(() => {
  closeLogging();
  configureLogging({ console: false, level: 'silent' });
  rmSync(dir, { recursive: true, force: true });
});
const read = (name = 'tracker.log') => readFileSync(path.join(dir, name), 'utf8');

describe('createLogger', () => {
  it('writes JSON lines with scope and level, and drops lines below the level', () => {
    configureLogging({ dir, level: 'info', console: false });
    const log = createLogger('hub');
    log.debug('hidden');
    log.info('listening', { port: 8765 });
    log.child('publisher').warn('slow');
    const lines = read()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'info', scope: 'hub', msg: 'listening', port: 8765 });
    expect(lines[1]).toMatchObject({ level: 'warn', scope: 'hub:publisher', msg: 'slow' });
  });

  it('redacts tokens, passwords and secrets in fields, messages and URLs', () => {
    configureLogging({ dir, level: 'debug', console: false });
    const log = createLogger('test');
    log.info('GET /api/objects?limit=1&token=SEKRET1 via postgres://bob:SEKRET2@db/x', {
      token: 'SEKRET3',
      headers: { Authorization: 'Bearer SEKRET4' },
      nested: { password: 'SEKRET5', apiKey: 'SEKRET6', client_secret: 'SEKRET7' },
      url: 'ws://127.0.0.1/api/ws?token=SEKRET8',
      error: new Error('connect postgres://alice:SEKRET9@h/db failed'),
      note: 'header was Bearer SEKRET10',
      is_active: true,
    });
    const text = read();
    expect(text).not.toMatch(/SEKRET/);
    expect(text).toContain('token=[redacted]');
    expect(text).toContain('postgres://bob:[redacted]@db/x');
    const line = JSON.parse(text) as Record<string, unknown>;
    expect(line.token).toBe('[redacted]');
    expect(line.is_active).toBe(true);
  });

  it('never prints a whole config object or the environment', () => {
    const config = loadConfig({ dataDir: dir, env: { TRACKER_TOKEN: 'SEKRET-token-1234567890ab' } });
    expect(redact({ config })).toEqual({ config: '[config omitted]' });
    expect(redact(process.env)).toBe('[environment omitted]');
    expect(redact({ hub: config.hub })).toEqual({ hub: { ...config.hub } });
  });

  it('keeps harmless text and values as they are', () => {
    expect(redactString('tokens are counted: 5; key ring')).toBe('tokens are counted: 5; key ring');
    expect(redactString('http://host:8080/path')).toBe('http://host:8080/path');
    expect(redact({ count: 3, list: [1, 'a'] })).toEqual({ count: 3, list: [1, 'a'] });
  });

  it('keeps a numeric limit named after a secret, and still redacts a secret number or a limit-named string', () => {
    expect(redact({ maxConnectionsPerToken: 128 })).toEqual({ maxConnectionsPerToken: 128 });
    expect(redact({ pin_password: 1234, token: 42 })).toEqual({ pin_password: '[redacted]', token: '[redacted]' });
    expect(redact({ maxToken: 'SEKRET' })).toEqual({ maxToken: '[redacted]' });
  });

  it('rotates the file by size and keeps a bounded number of old files', () => {
    configureLogging({ dir, level: 'info', console: false, maxBytes: 1000, keep: 2 });
    const log = createLogger('rot');
    for (let i = 0; i < 60; i += 1) log.info(`line ${i} ${'x'.repeat(50)}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['tracker.log', 'tracker.log.1', 'tracker.log.2']);
    for (const f of files) expect(readFileSync(path.join(dir, f)).length).toBeLessThanOrEqual(1000);
    expect(read()).toContain('line 59');
    expect(existsSync(path.join(dir, 'tracker.log.3'))).toBe(false);
  });

  it('continues an existing file after a restart and counts its size', () => {
    configureLogging({ dir, console: false, maxBytes: 400, keep: 1 });
    createLogger('a').info('x'.repeat(300));
    configureLogging({ dir, console: false, maxBytes: 400, keep: 1 });
    createLogger('a').info('y'.repeat(300));
    expect(read('tracker.log.1')).toContain('xxx');
    expect(read()).toContain('yyy');
  });
});
