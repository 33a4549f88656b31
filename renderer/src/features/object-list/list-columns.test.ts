import { describe, expect, it } from 'vitest';
import { SORT_FIELDS } from '../../../../electron/contract/domain.js';
import { ariaSortOf, COLUMNS, nextSort } from './list-columns.js';

const column = (label: string) => COLUMNS.find((c) => c.label === label)!;

describe('nextSort', () => {
  it('sorts a new column in its first direction: names A to Z, newest and fastest first', () => {
    const sort = { field: 'observed_at', dir: 'desc' } as const;
    expect(nextSort(sort, column('Name'))).toEqual({ field: 'name', dir: 'asc' });
    expect(nextSort(sort, column('Speed'))).toEqual({ field: 'speed', dir: 'desc' });
    expect(nextSort({ field: 'name', dir: 'asc' }, column('Updated'))).toEqual({ field: 'observed_at', dir: 'desc' });
  });

  it('reverses the column already sorted by, both ways', () => {
    expect(nextSort({ field: 'name', dir: 'asc' }, column('Name'))).toEqual({ field: 'name', dir: 'desc' });
    expect(nextSort({ field: 'name', dir: 'desc' }, column('Name'))).toEqual({ field: 'name', dir: 'asc' });
  });

  it('sorts every column by a key the store accepts', () => {
    for (const c of COLUMNS) expect(SORT_FIELDS).toContain(c.sort);
  });
});

describe('ariaSortOf', () => {
  it('marks only the sorted column, with its direction', () => {
    expect(ariaSortOf({ field: 'kind', dir: 'asc' }, column('Kind / tag'))).toBe('ascending');
    expect(ariaSortOf({ field: 'kind', dir: 'desc' }, column('Kind / tag'))).toBe('descending');
    expect(ariaSortOf({ field: 'kind', dir: 'desc' }, column('Name'))).toBe('none');
  });
});
