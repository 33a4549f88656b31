// resolveFilter: validation errors name the field and value; text is ANDed into the structured parts.
import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { resolveFilter } from './resolve.js';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('resolveFilter', () => {
  it('resolves an empty or missing filter to no constraint', () => {
    expect(resolveFilter(undefined)).toEqual({ tags: [], bboxes: [], q: [], never: false });
    expect(resolveFilter({ text: '   ' })).toEqual({ tags: [], bboxes: [], q: [], never: false });
  });

  it('normalizes values: strings for = != ~, numbers for comparisons, times as epoch ms', () => {
    const r = resolveFilter({
      tags: [
        { key: 'speed', op: '=', value: 10 },
        { key: 'speed', op: '>', value: '2.5' },
        { key: 'name', op: 'exists', value: 'ignored' },
      ],
      observed_after: '2024-01-01T00:00:00Z',
      observed_before: '2024-01-01T02:00:00+02:00',
    });
    expect(r.tags).toEqual([
      { key: 'speed', op: '=', value: '10' },
      { key: 'speed', op: '>', value: 2.5 },
      { key: 'name', op: 'exists' },
    ]);
    expect(r.observedAfter).toBe(Date.UTC(2024, 0, 1));
    expect(r.observedBefore).toBe(Date.UTC(2024, 0, 1));
  });

  it('ANDs text with the structured parts', () => {
    const r = resolveFilter({
      types: ['node', 'way'],
      kinds: ['ship'],
      bbox: [0, 0, 1, 1],
      q: 'ever',
      observed_after: '2024-01-01T00:00:00Z',
      tags: [{ key: 'a', op: 'exists' }],
      text: 'type:way,relation kind:ship,car bbox:2,2,3,3 given after:2024-02-01T00:00:00Z before:2024-03-01T00:00:00Z b=1',
    });
    expect(r.types).toEqual(['way']);
    expect(r.kinds).toEqual(['ship']);
    expect(r.bboxes).toEqual([
      [0, 0, 1, 1],
      [2, 2, 3, 3],
    ]);
    expect(r.q).toEqual(['ever', 'given']);
    expect(r.observedAfter).toBe(Date.UTC(2024, 1, 1));
    expect(r.observedBefore).toBe(Date.UTC(2024, 2, 1));
    expect(r.tags).toEqual([
      { key: 'a', op: 'exists' },
      { key: 'b', op: '=', value: '1' },
    ]);
    expect(r.never).toBe(false);
  });

  it('marks contradicting stale parts as matching nothing, and accepts agreeing ones', () => {
    expect(resolveFilter({ stale: true, text: '-stale' }).never).toBe(true);
    expect(resolveFilter({ stale: true, text: 'stale' })).toMatchObject({ stale: true, never: false });
  });

  it('refuses a bad regex naming the field and the value', () => {
    const e = thrown(() =>
      resolveFilter({
        tags: [
          { key: 'name', op: '=', value: 'x' },
          { key: 'name', op: '~', value: '(' },
        ],
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe("Field 'tags[1].value' must be a valid regular expression, got '('.");
  });

  it('refuses a non-numeric value for a comparison and a missing value', () => {
    expect(thrown(() => resolveFilter({ tags: [{ key: 'speed', op: '<', value: 'fast' }] })).message).toBe(
      "Field 'tags[0].value' must be a number for operator '<', got 'fast'.",
    );
    expect(thrown(() => resolveFilter({ tags: [{ key: 'name', op: '=' }] })).message).toBe(
      "Field 'tags[0].value' is required for operator '=', got nothing.",
    );
  });

  it('refuses schema violations naming the field', () => {
    const e = thrown(() => resolveFilter({ bbox: [0, 0, 200, 1] }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/^Field 'bbox\[2\]' is invalid \(.+\), got 200\.$/u);
    expect(thrown(() => resolveFilter({ types: ['area' as 'node'] })).message).toMatch(
      /^Field 'types\[0\]' is invalid \(.+\), got "area"\.$/u,
    );
  });

  it('turns a text syntax error into INVALID_INPUT with its position and token', () => {
    const e = thrown(() => resolveFilter({ text: 'speed>>3' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe("Unexpected '>' at position 6 in 'speed>>3'.");
    expect(e.details).toEqual({ field: 'text', position: 6, token: '>', message: e.message });
  });
});
