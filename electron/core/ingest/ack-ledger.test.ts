import { describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.js';
import type { IngestOpResult } from '../../../db/store.js';
import { createAckLedger } from './ack-ledger.js';
import { createIngestCounters } from './ingest-counters.js';
import { createIngestQueue } from './ingest-queue.js';
import { del } from './ingest-test-kit.js';

const deleted = (objectId: string): IngestOpResult => ({ op: 'delete', status: 'deleted', objectId });
const rejected = (reason: string): IngestOpResult => ({ op: 'delete', status: 'rejected', reason, code: 'NOT_FOUND' });

function setUp() {
  const queue = createIngestQueue({ queueLimit: 1000, highWaterMark: 500, lowWaterMark: 100, isHeld: () => false });
  const counters = createIngestCounters();
  const ledger = createAckLedger({ queue, counters, now: () => 5_000 });
  const outcomes: Record<string, IngestOpResult[] | AppError> = {};
  const submit = (name: string, source: string, ids: string[]): void =>
    queue.push({
      ops: ids.map(del),
      source,
      at: 0,
      resolve: (r) => void (outcomes[name] = r),
      reject: (e) => void (outcomes[name] = e),
    });
  return { queue, counters, ledger, outcomes, submit };
}

describe('createAckLedger', () => {
  it('hands each committed submission its own results, in op order, and counts them per source', async () => {
    const { queue, counters, ledger, outcomes, submit } = setUp();
    submit('a', 'one', ['a1', 'a2']);
    submit('b', 'two', ['b1']);
    submit('c', 'one', ['c1', 'c2', 'c3']);
    submit('later', 'one', ['l1']);
    ledger.commit(3, [
      deleted('a1'),
      deleted('a2'),
      rejected('no b1'),
      deleted('c1'),
      rejected('no c2'),
      deleted('c3'),
    ]);
    expect(outcomes).toEqual({
      a: [deleted('a1'), deleted('a2')],
      b: [rejected('no b1')],
      c: [deleted('c1'), rejected('no c2'), deleted('c3')],
    });
    expect(queue.length).toBe(1);
    expect(counters.get('one')).toMatchObject({ stored: 4, rejected: 1, lastError: 'no c2' });
    expect(counters.get('two')).toMatchObject({ stored: 0, rejected: 1, lastError: 'no b1' });
    expect(counters.rate(6_000)).toBe(6 / 5); // six committed ops in the second starting at 5 s
  });

  it('rejects the oldest submissions with the error and counts all their ops as rejected', () => {
    const { queue, counters, ledger, outcomes, submit } = setUp();
    submit('a', 'one', ['a1', 'a2']);
    submit('b', 'one', ['b1']);
    const error = new AppError('STORE_FULL', 'full');
    ledger.reject(1, error);
    expect(outcomes).toEqual({ a: error });
    expect(queue.length).toBe(1);
    expect(counters.get('one')).toMatchObject({ stored: 0, rejected: 2, lastError: 'full' });
  });

  it('resolves whenSettled() once everything queued before it settled, not what came after', async () => {
    const { ledger, submit } = setUp();
    await expect(ledger.whenSettled()).resolves.toBeUndefined();
    expect(ledger.hasWaiters()).toBe(false);
    submit('a', 'one', ['a1']);
    submit('b', 'one', ['b1']);
    let settled = false;
    void ledger.whenSettled().then(() => (settled = true));
    submit('c', 'one', ['c1']);
    expect(ledger.hasWaiters()).toBe(true);
    ledger.commit(1, [deleted('a1')]);
    ledger.releaseSettled();
    await Promise.resolve();
    expect(settled).toBe(false);
    ledger.reject(1, new AppError('INTERNAL', 'broken'));
    ledger.releaseSettled();
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(ledger.hasWaiters()).toBe(false);
  });
});
