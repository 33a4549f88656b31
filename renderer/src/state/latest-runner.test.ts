import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLatestRunner } from './latest-runner.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A runner whose calls resolve when the test says so. */
function harness(minIntervalMs: number) {
  const started: number[] = [];
  const finish: (() => void)[] = [];
  const runner = createLatestRunner<number>({
    minIntervalMs,
    now: () => Date.now(),
    run: (req) => {
      started.push(req);
      return new Promise<void>((r) => finish.push(r));
    },
  });
  return { runner, started, finishOne: async () => (finish.shift()!(), await vi.advanceTimersByTimeAsync(0)) };
}

describe('createLatestRunner', () => {
  it('runs one request at a time and then only the newest of those that waited', async () => {
    const { runner, started, finishOne } = harness(0);
    runner.request(1);
    runner.request(2);
    runner.request(3);
    expect(started).toEqual([1]);
    await finishOne();
    expect(started).toEqual([1, 3]);
    await finishOne();
    expect(started).toEqual([1, 3]);
  });

  it('waits out the interval since the last start', async () => {
    const { runner, started, finishOne } = harness(250);
    runner.request(1);
    await finishOne();
    runner.request(2);
    expect(started).toEqual([1]);
    await vi.advanceTimersByTimeAsync(249);
    expect(started).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([1, 2]);
  });

  it('forgets a waiting request on stop', async () => {
    const { runner, started, finishOne } = harness(0);
    runner.request(1);
    runner.request(2);
    runner.stop();
    await finishOne();
    expect(started).toEqual([1]);
  });
});
