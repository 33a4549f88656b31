/**
 * The one filter (ARCHITECTURE §3 rule 2), as a leaf: text syntax, resolution and the in-memory
 * predicate, importing only the contract. Each dialect's SQL compiler lives in db/filter/ and
 * shares these semantics (docs/filter.md; the property test in test/filter proves they agree).
 */
export { parseFilterText, type ParseFilterResult, type FilterTextError } from './parse.js';
export { formatFilterText, normalizeFilter, quoteFilterText } from './format.js';
export { resolveFilter, toResolved, type ResolvedFilter, type ResolvedTagCondition } from './resolve.js';
export { asciiLower, compilePredicate, tagValueText, type FilterContext, type FilterPredicate } from './predicate.js';
