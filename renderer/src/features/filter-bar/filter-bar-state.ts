/**
 * What the filter bar does with a filter: toggle a chip. (Filters saved by name are saved views now:
 * features/saved-views.)
 */

/** Adds or removes `value` from a chip list. */
export function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
