import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, toObjectFilter } from './filter-state.js';

describe('toObjectFilter', () => {
  it('leaves out empty parts', () => {
    expect(toObjectFilter({ ...EMPTY_FILTER, text: '  ' })).toEqual({});
  });
  it('carries text, chips and bbox', () => {
    const f = toObjectFilter({ text: 'kind=ship', types: ['node'], kinds: ['ship'], sourceIds: ['s1'] }, [0, 0, 1, 1]);
    expect(f).toEqual({ text: 'kind=ship', types: ['node'], kinds: ['ship'], source_ids: ['s1'], bbox: [0, 0, 1, 1] });
  });
});
