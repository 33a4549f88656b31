/**
 * What the filter bar does with a filter: toggle a chip, and find where main says the text is wrong.
 * (Filters saved by name are saved views now: features/saved-views.)
 */

/** Adds or removes `value` from a chip list. */
export function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** Where the filter text is wrong, from an INVALID_INPUT error's details, if it says. */
export function errorPosition(details: unknown): { position: number; token: string } | null {
  const d = details as { position?: unknown; token?: unknown } | null | undefined;
  if (!d || typeof d.position !== 'number') return null;
  return { position: d.position, token: typeof d.token === 'string' ? d.token : '' };
}
