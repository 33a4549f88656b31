// The replay fields of a subscribe message: each accepted and each refused with one sentence naming it.
import { describe, expect, it } from 'vitest';
import { parseReplayRequest } from './replay-request.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const parse = (msg: Record<string, unknown>) => parseReplayRequest({ type: 'subscribe', ...msg }, NOW);

describe('parseReplayRequest', () => {
  it('reads nothing from a live subscribe', () => {
    expect(parse({ filter: 'kind=ship' })).toBeUndefined();
  });

  it('reads a still picture, and a replay with its defaults and with every field', () => {
    expect(parse({ at: '2026-03-10T08:00:00+01:00' })).toEqual({
      from: Date.parse('2026-03-10T07:00:00Z'),
      speed: 1,
      snapshotLimit: 100_000,
    });
    expect(parse({ from: '2026-03-10T08:00:00Z' })).toEqual({
      from: Date.parse('2026-03-10T08:00:00Z'),
      to: NOW,
      speed: 1,
      snapshotLimit: 100_000,
    });
    expect(parse({ from: '2026-03-10T08:00:00Z', to: '2026-03-10T09:00:00Z', speed: 0.1, snapshot_limit: 0 })).toEqual({
      from: Date.parse('2026-03-10T08:00:00Z'),
      to: Date.parse('2026-03-10T09:00:00Z'),
      speed: 0.1,
      snapshotLimit: 0,
    });
    expect(parse({ from: '2026-03-10T08:00:00Z', speed: 1000 })?.speed).toBe(1000);
  });

  it.each([
    [{ at: 'yesterday' }, /^Field 'at' must be an ISO 8601 time with a zone .*, got 'yesterday'\.$/],
    [{ from: 17 }, /^Field 'from' must be an ISO 8601 time .*, got 17\.$/],
    [
      { from: '2026-03-10T08:00:00Z', to: '2026-03-10' },
      /^Field 'to' must be an ISO 8601 time .*, got '2026-03-10'\.$/,
    ],
    [{ from: '2026-03-10T08:00:00Z', speed: 0.05 }, /^Field 'speed' must be a number from 0\.1 to 1000, got 0\.05\.$/],
    [{ from: '2026-03-10T08:00:00Z', speed: 1001 }, /^Field 'speed' must be a number from 0\.1 to 1000, got 1001\.$/],
    [{ from: '2026-03-10T08:00:00Z', speed: '10' }, /^Field 'speed' .*, got '10'\.$/],
    [{ at: '2026-03-10T08:00:00Z', speed: 10 }, /^Field 'speed' cannot be combined with 'at' .*, got 10\.$/],
    [{ to: '2026-03-10T08:00:00Z' }, /^Field 'to' needs 'from' .*, got '2026-03-10T08:00:00Z' without it\.$/],
    [{ speed: 5 }, /^Field 'speed' needs 'from'/],
    [
      { from: '2026-03-10T13:00:00Z' },
      /^Field 'from' must be before now \(2026-03-10T12:00:00\.000Z\), got '2026-03-10T13:00:00Z'\.$/,
    ],
    [
      { from: '2026-03-10T09:00:00Z', to: '2026-03-10T09:00:00Z' },
      /^Field 'from' must be before 'to' '2026-03-10T09:00:00Z'/,
    ],
    [
      { at: '2026-03-10T08:00:00Z', snapshot_limit: -1 },
      /^Field 'snapshot_limit' must be an integer from 0 to 1000000, got -1\.$/,
    ],
  ])('refuses %j', (msg, message) => {
    expect(() => parse(msg)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }),
    );
  });
});
