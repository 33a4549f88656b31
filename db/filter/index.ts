/**
 * The store's side of the one filter: each dialect's SQL for an ObjectFilter over alias `o`, and the
 * SQLite functions compiled filters call. Parsing and resolving live in the filter leaf
 * (electron/filter), which this imports; nothing here imports core.
 */
export { compileFilterSql, type FilterDialect } from './sql.js';
export { registerSqliteFilterFunctions } from './sqlite-functions.js';
export { translateRegexForPostgres } from './pg-regex.js';
