import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_TOKEN_FILE, loadAppToken } from './app-token.js';
import { thrownMessage } from '../../test/support/thrown.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'app-token-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => join(dir, APP_TOKEN_FILE);
const mode = (path: string) => statSync(path).mode & 0o777;
const STRONG = 'Xk3-pQ9_vT2mWz8RbN5cYh7JdL4sFg6A1eUo0iKtMnP';

describe('loadAppToken', () => {
  it('makes a token on first start and saves it in a 0600 file', () => {
    const token = loadAppToken({ dataDir: dir, explicit: null });
    expect(token.loaded).toBe('made');
    expect(token.current()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(file(), 'utf8')).toBe(`${token.current()}\n`);
    if (process.platform !== 'win32') expect(mode(file())).toBe(0o600);
  });

  it('reuses the saved token on the next start, tightening a wider file to 0600', () => {
    const first = loadAppToken({ dataDir: dir, explicit: null }).current();
    chmodSync(file(), 0o644);
    const second = loadAppToken({ dataDir: dir, explicit: null });
    expect(second.loaded).toBe('reused');
    expect(second.current()).toBe(first);
    if (process.platform !== 'win32') expect(mode(file())).toBe(0o600);
  });

  it('rotates at start (--rotate-token) and at runtime, saving the new token and telling listeners', () => {
    const first = loadAppToken({ dataDir: dir, explicit: null }).current();
    const rotated = loadAppToken({ dataDir: dir, explicit: null, rotate: true });
    expect(rotated.loaded).toBe('made');
    expect(rotated.current()).not.toBe(first);
    const heard: string[] = [];
    rotated.onRotated((t) => heard.push(t));
    const next = rotated.rotate();
    expect(next).not.toBe(first);
    expect(heard).toEqual([next]);
    expect(rotated.current()).toBe(next);
    expect(loadAppToken({ dataDir: dir, explicit: null }).current()).toBe(next);
    if (process.platform !== 'win32') expect(mode(file())).toBe(0o600);
  });

  it('lets an explicit token win, without writing or rotating it', () => {
    loadAppToken({ dataDir: dir, explicit: null });
    const saved = readFileSync(file(), 'utf8');
    const token = loadAppToken({ dataDir: dir, explicit: STRONG });
    expect(token.current()).toBe(STRONG);
    expect(token.origin).toBe('explicit');
    expect(readFileSync(file(), 'utf8')).toBe(saved);
    expect(thrownMessage(() => token.rotate())).toBe(
      'The access key is set by TRACKER_TOKEN, TRACKER_TOKEN_FILE, --token-file or settings.json, so the app cannot rotate it; change it there and restart.',
    );
    expect(thrownMessage(() => loadAppToken({ dataDir: dir, explicit: STRONG, rotate: true }))).toContain(
      "Option '--rotate-token' cannot replace a token set by TRACKER_TOKEN",
    );
  });

  it('writes nothing in the data folder for an explicit token', () => {
    loadAppToken({ dataDir: dir, explicit: STRONG });
    expect(existsSync(file())).toBe(false);
  });

  it.each([
    ['empty', '', 'is empty'],
    ['blank lines', '\n\n', 'is empty'],
    ['damaged', 'abc\n', 'is damaged'],
    ['binary', '\u0000\u0001\u0002 junk', 'is damaged'],
  ])('refuses a %s file with one sentence naming it', (_name, content, what) => {
    writeFileSync(file(), content, { mode: 0o600 });
    const message = thrownMessage(() => loadAppToken({ dataDir: dir, explicit: null }));
    expect(message).toBe(
      `The app token file ${file()} ${what}; delete it or start with --rotate-token to make a new one.`,
    );
    expect(message).not.toContain('junk');
    // --rotate-token is the way out.
    expect(loadAppToken({ dataDir: dir, explicit: null, rotate: true }).loaded).toBe('made');
  });
});
