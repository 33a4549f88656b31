/**
 * The one filter (ARCHITECTURE §3 rule 2): text syntax, resolution, in-memory predicate and SQL
 * for SQLite and Postgres, all with one semantics (docs/filter.md).
 */
export { parseFilterText, type ParseFilterResult, type FilterTextError } from './parse.js';
export { formatFilterText, normalizeFilter, quoteFilterText } from './format.js';
export { resolveFilter, type ResolvedFilter, type ResolvedTagCondition } from './resolve.js';
export { compilePredicate, geometryBbox, tagValueText, type FilterPredicate } from './predicate.js';
export { compileFilterSql, type FilterDialect } from './sql.js';
export { registerSqliteFilterFunctions } from './sqlite-functions.js';
export { translateRegexForPostgres } from './pg-regex.js';
