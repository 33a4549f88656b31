// uuid7: RFC 9562 layout, time order, uniqueness.
import { describe, expect, it } from 'vitest';
import { uuid7 } from './uuid7.js';

describe('uuid7', () => {
  it('has the UUID layout with version 7 and the RFC variant', () => {
    expect(uuid7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by creation time and encodes the millisecond timestamp', () => {
    const a = uuid7(1_700_000_000_000);
    const b = uuid7(1_700_000_000_001);
    expect(a < b).toBe(true);
    expect(parseInt(a.slice(0, 8) + a.slice(9, 13), 16)).toBe(1_700_000_000_000);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuid7(0)));
    expect(ids.size).toBe(10_000);
  });
});
