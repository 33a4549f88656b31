import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../contract/errors.js';
import type { Batch } from './batch-flusher.js';
import { del, memoryLog } from './ingest-test-kit.js';
import { createPauseControl } from './pause-control.js';

const batch = (count: number, ops = count): Batch => ({
  count,
  ops: Array.from({ length: ops }, (_, i) => del(`o${i}`)),
});
const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

function setUp() {
  const log = memoryLog();
  const retries: number[] = [];
  const pauses: [string | null, AppError | undefined][] = [];
  const control = createPauseControl({
    log,
    retryMinMs: 100,
    retryMaxMs: 5000,
    depth: () => 7,
    retry: () => retries.push(Date.now()),
  });
  control.onPauseChanged((reason, error) => pauses.push([reason, error]));
  return { log, retries, pauses, control };
}

describe('createPauseControl', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('isolates an unexplained failure: the batch is retried one submission at a time', () => {
    const { log, control } = setUp();
    expect(control.failed(batch(3), new TypeError('bad value'))).toBeUndefined();
    expect(control.paused).toBeNull();
    expect(control.isIsolating()).toBe(true);
    expect(log.lines).toEqual([
      { level: 'warn', msg: 'A batch failed to commit; retrying its submissions one by one.' },
    ]);
    control.committed(1);
    const error = control.failed(batch(1, 2), new TypeError('bad value'));
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'Writing 2 update(s) failed: bad value' });
    expect(control.isIsolating()).toBe(true);
    control.committed(1);
    expect(control.isIsolating()).toBe(false);
    expect(log.lines.at(-1)).toEqual({ level: 'error', msg: 'A submission failed to commit and was not stored.' });
  });

  it('pauses on a full disk, tells listeners once, and retries with backoff doubling up to the maximum', () => {
    const { retries, pauses, control } = setUp();
    expect(control.failed(batch(2), coded('SQLITE_FULL', 'database or disk is full'))).toBeUndefined();
    expect(control.paused).toMatchObject({
      code: 'STORE_FULL',
      message: 'Ingest paused: the disk or database size limit is full (database or disk is full); retrying.',
    });
    expect(pauses).toEqual([[control.paused!.message, control.paused]]);
    expect(control.isIsolating()).toBe(false);
    for (let i = 0; i < 8; i++) {
      vi.advanceTimersByTime(10_000);
      control.failed(batch(2), coded('SQLITE_FULL'));
    }
    expect(retries).toEqual([100, 10_200, 20_400, 30_800, 41_600, 53_200, 65_000, 75_000]);
    expect(pauses).toHaveLength(1);
  });

  it('pauses as UNAVAILABLE when the database cannot be reached', () => {
    const { pauses, control } = setUp();
    control.failed(batch(1), coded('SQLITE_BUSY', 'database is locked'));
    expect(control.paused).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Ingest paused: the database is unavailable (database is locked); retrying.',
    });
    expect(pauses).toHaveLength(1);
  });

  it('resumes after a commit, tells listeners, and starts the backoff again from the minimum', () => {
    const { retries, pauses, control } = setUp();
    expect(control.resume()).toBe(false);
    control.failed(batch(1), coded('ENOSPC'));
    vi.advanceTimersByTime(100);
    control.failed(batch(1), coded('ENOSPC'));
    vi.advanceTimersByTime(200);
    expect(control.resume()).toBe(true);
    expect(control.paused).toBeNull();
    expect(pauses.map(([reason]) => reason)).toEqual([expect.stringMatching(/full/), null]);
    control.failed(batch(1), coded('ENOSPC'));
    vi.advanceTimersByTime(100);
    expect(retries).toEqual([100, 300, 400]);
    expect(pauses).toHaveLength(3);
  });

  it('retries no more once stopped', () => {
    const { retries, control } = setUp();
    control.failed(batch(1), coded('SQLITE_FULL'));
    control.stop();
    vi.advanceTimersByTime(10_000);
    control.failed(batch(1), coded('SQLITE_FULL'));
    vi.advanceTimersByTime(10_000);
    expect(retries).toEqual([]);
    expect(control.paused?.code).toBe('STORE_FULL');
  });
});
