import { describe, expect, it } from 'vitest';
import { createIngestCounters } from './ingest-counters.js';

describe('createIngestCounters', () => {
  it('counts per source, keeps the last error and message time, and hands out copies', () => {
    const book = createIngestCounters();
    expect(book.get('a')).toEqual({ received: 0, stored: 0, rejected: 0, lastError: null, lastMessageAt: null });
    book.received('a', 3, 1000);
    book.stored('a', 2);
    book.rejected('a', 1, 'bad tag');
    book.rejected('a', 1, null); // a refusal without a message keeps the last error
    book.received('b', 1, 2000);
    const a = book.get('a');
    expect(a).toEqual({ received: 3, stored: 2, rejected: 2, lastError: 'bad tag', lastMessageAt: 1000 });
    a.received = 99;
    expect(book.get('a').received).toBe(3);
    expect(book.get('b')).toMatchObject({ received: 1, lastMessageAt: 2000 });
  });

  it('measures updates per second over the last whole seconds, leaving out the current one', () => {
    const book = createIngestCounters(5);
    book.committed(50, 10_000);
    book.committed(50, 10_999);
    book.committed(400, 11_500); // the current second when measured at 11.9 s
    expect(book.rate(11_900)).toBe(100 / 5);
    expect(book.rate(12_000)).toBe(500 / 5);
    expect(book.rate(16_000)).toBe(400 / 5); // 10 s has left the window
    expect(book.rate(17_000)).toBe(0);
  });

  it('reuses a bucket for a later second instead of adding to its old count', () => {
    const book = createIngestCounters(2);
    book.committed(10, 1_000);
    book.committed(7, 4_000); // the same slot as second 1 (three slots)
    expect(book.rate(5_000)).toBe(7 / 2);
  });
});
