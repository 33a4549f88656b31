/**
 * The store's seam to the filter module (electron/core/filter): the WHERE fragment for an
 * ObjectFilter over alias `o`, and the SQLite functions compiled filters call.
 */
import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { compileFilterSql, registerSqliteFilterFunctions } from '../electron/core/filter/index.js';
import type { ObjectFilter } from '../electron/contract/domain.js';
import type { FilterContext } from './store.js';

/** A boolean SQL expression over alias `o` selecting the objects that match `filter`. */
export function filterWhere(filter: ObjectFilter | undefined, dialect: 'sqlite' | 'postgres', ctx: FilterContext): SQL {
  return compileFilterSql(filter, dialect, ctx);
}

/** Registers the SQLite functions compiled filters use (e.g. `regexp`); called at open. */
export function registerFilterFunctions(db: Database.Database): void {
  registerSqliteFilterFunctions(db);
}
