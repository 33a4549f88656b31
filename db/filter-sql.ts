/**
 * The store's seam to the filter module: the WHERE fragment for an ObjectFilter (alias `o`).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ObjectFilter } from '../electron/contract/domain.js';
import type { FilterContext } from './store.js';

/** A boolean SQL expression over alias `o` selecting the objects that match `filter`. */
export function filterWhere(filter: ObjectFilter | undefined, _dialect: 'sqlite' | 'postgres', _ctx: FilterContext): SQL {
  if (!filter) return sql`1=1`;
  // TEMPORARY: replaced by compileFilterSql from electron/core/filter once it lands.
  return sql`1=1`;
}

/** Registers the SQLite functions the compiled filters use (e.g. `regexp`). */
export function registerFilterFunctions(_db: unknown): void {
  // TEMPORARY until electron/core/filter lands.
}
