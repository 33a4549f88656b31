import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import { del } from './ingest-test-kit.js';
import { createIngestQueue, type Submission } from './ingest-queue.js';

const submission = (name: string, ops = 1): Submission => ({
  ops: Array.from({ length: ops }, (_, i) => del(`${name}${i}`)),
  source: 's',
  at: 0,
  resolve() {},
  reject() {},
});

function queueWith(limits: { queueLimit?: number; highWaterMark?: number; lowWaterMark?: number } = {}) {
  let held = false;
  const queue = createIngestQueue({
    queueLimit: limits.queueLimit ?? 100,
    highWaterMark: limits.highWaterMark ?? 50,
    lowWaterMark: limits.lowWaterMark ?? 10,
    isHeld: () => held,
  });
  return { queue, hold: (on: boolean) => (held = on) };
}

describe('createIngestQueue', () => {
  it('keeps submissions in order and counts their ops until they are shifted out', () => {
    const { queue } = queueWith();
    const [a, b, c] = [submission('a', 2), submission('b', 3), submission('c')];
    queue.push(a);
    queue.push(b);
    queue.push(c);
    expect([queue.length, queue.depth, queue.submitted, queue.settled]).toEqual([3, 6, 3, 0]);
    expect(queue.at(1)).toBe(b);
    expect(queue.shift(2)).toEqual([a, b]);
    expect([queue.length, queue.depth, queue.submitted, queue.settled]).toEqual([1, 1, 3, 2]);
    expect(queue.at(0)).toBe(c);
    expect(queue.shift(1)).toEqual([c]);
    expect([queue.length, queue.depth]).toEqual([0, 0]);
  });

  it('keeps its order across the compaction of a long settled prefix', () => {
    const { queue } = queueWith({ queueLimit: 10_000, highWaterMark: 5000 });
    const all = Array.from({ length: 3000 }, (_, i) => submission(`o${i}`));
    for (const s of all) queue.push(s);
    const shifted: Submission[] = [];
    for (let i = 0; i < 29; i++) shifted.push(...queue.shift(100));
    expect(queue.at(0)).toBe(all[2900]);
    expect(queue.length).toBe(100);
    shifted.push(...queue.shift(100));
    expect(shifted).toEqual(all);
    expect(queue.depth).toBe(0);
  });

  it('refuses a submit that would pass the limit with OVERLOADED, and accepts one that fits exactly', () => {
    const { queue } = queueWith({ queueLimit: 10, highWaterMark: 8 });
    queue.push(submission('a', 6));
    expect(queue.refusal(4)).toBeUndefined();
    const refusal = queue.refusal(5);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      code: 'OVERLOADED',
      message: 'Ingest queue is full (6 of 10 updates waiting); retry later.',
      details: { queued: 6, queueLimit: 10 },
    });
  });

  it('is saturated at the high-water mark and while held, and not otherwise', () => {
    const { queue, hold } = queueWith({ highWaterMark: 5 });
    queue.push(submission('a', 4));
    expect(queue.isSaturated()).toBe(false);
    queue.push(submission('b', 1));
    expect(queue.isSaturated()).toBe(true);
    queue.shift(1);
    expect(queue.isSaturated()).toBe(false);
    hold(true);
    expect(queue.isSaturated()).toBe(true);
  });

  it('resolves whenDrained() only at the low-water mark and not while held', async () => {
    const { queue, hold } = queueWith({ highWaterMark: 5, lowWaterMark: 2 });
    await expect(queue.whenDrained()).resolves.toBeUndefined();
    for (const name of ['a', 'b', 'c', 'd', 'e']) queue.push(submission(name));
    let drained = false;
    void queue.whenDrained().then(() => (drained = true));
    queue.shift(2); // 3 left: below the high-water mark but above the low one
    queue.releaseDrained();
    await Promise.resolve();
    expect(drained).toBe(false);
    queue.shift(1);
    hold(true);
    queue.releaseDrained();
    await Promise.resolve();
    expect(drained).toBe(false);
    hold(false);
    queue.releaseDrained();
    await Promise.resolve();
    expect(drained).toBe(true);
  });
});
