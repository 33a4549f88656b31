// The stand-in for better-sqlite3 in Electron bundles opens databases with the binding named by
// TRACKER_SQLITE_BINDING (proved with the Node build, and by a bad path failing), and without the
// variable behaves as better-sqlite3 itself.
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
type DatabaseCtor = new (file: string, options?: object) => { prepare(sql: string): { get(): unknown }; close(): void };
const Database = require('./better-sqlite3-electron.cjs') as DatabaseCtor;
const Real = require('better-sqlite3') as DatabaseCtor;
const nodeBuild = path.join(
  path.dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

afterEach(() => {
  delete process.env.TRACKER_SQLITE_BINDING;
});

describe('better-sqlite3-electron shim', () => {
  it('opens with the binding named in TRACKER_SQLITE_BINDING', () => {
    process.env.TRACKER_SQLITE_BINDING = nodeBuild;
    const db = new Database(':memory:');
    expect(db.prepare('select 1 as one').get()).toEqual({ one: 1 });
    expect(db).toBeInstanceOf(Real);
    db.close();
  });

  it('fails when TRACKER_SQLITE_BINDING names a missing file (so it really is used)', () => {
    process.env.TRACKER_SQLITE_BINDING = path.join(path.dirname(nodeBuild), 'missing.node');
    expect(() => new Database(':memory:')).toThrow(/missing/);
  });

  it('uses the default binding without the variable', () => {
    const db = new Database(':memory:');
    expect(db.prepare('select 2 as two').get()).toEqual({ two: 2 });
    db.close();
  });
});
