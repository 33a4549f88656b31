import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { classifyWriteError, errorCode } from './write-failures.js';

const coded = (code: string, message = 'failed'): Error => Object.assign(new Error(message), { code });

describe('classifyWriteError', () => {
  it('calls a full disk or database size limit `full`, whatever the dialect', () => {
    for (const code of ['SQLITE_FULL', 'ENOSPC', 'STORE_FULL', '53100'])
      expect(classifyWriteError(coded(code))).toBe('full');
    expect(classifyWriteError(new Error('database or disk is full'))).toBe('full');
    expect(classifyWriteError(new Error('write failed: No space left on device'))).toBe('full');
  });

  it('calls a database that cannot be reached `transient`', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_IOERR_FSYNC', 'ECONNRESET', '57P01', '08006']) {
      expect(classifyWriteError(coded(code))).toBe('transient');
    }
    expect(classifyWriteError(new AppError('UNAVAILABLE', 'The writer thread exited.'))).toBe('transient');
    expect(classifyWriteError(new Error('Connection terminated unexpectedly'))).toBe('transient');
    // What `pg` throws when Postgres stops between a pool handing out a client and its first query.
    expect(classifyWriteError(new Error('Client has encountered a connection error and is not queryable'))).toBe(
      'transient',
    );
    expect(classifyWriteError(new Error('Client was closed and is not queryable'))).toBe('transient');
    expect(classifyWriteError(new Error('timeout exceeded when trying to connect'))).toBe('transient');
  });

  it('calls anything else `fatal`, so only the failing submission is rejected', () => {
    expect(classifyWriteError(new TypeError('Do not know how to serialize a BigInt'))).toBe('fatal');
    expect(classifyWriteError(coded('SQLITE_CONSTRAINT_CHECK'))).toBe('fatal');
    expect(classifyWriteError('a thrown string')).toBe('fatal');
    expect(classifyWriteError(undefined)).toBe('fatal');
  });
});

describe('errorCode', () => {
  it('reads a string `code` and ignores anything else', () => {
    expect(errorCode(coded('SQLITE_FULL'))).toBe('SQLITE_FULL');
    expect(errorCode({ code: 53100 })).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode('SQLITE_FULL')).toBeUndefined();
  });
});
