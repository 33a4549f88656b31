/**
 * Checks filter text with main as it is typed (the renderer has no parser): after a pause it asks
 * `objects.list` for zero rows and reads either the total or main's error with its position. Used
 * by the filter bar and by the rule editor's filter fields.
 */
import { useEffect, useState } from 'react';
import type { ObjectFilter } from '../../../../electron/contract/domain.js';
import { RpcError } from '../../api/client.js';
import { useApp } from '../../app/app-context.js';
import { errorMessage, filterRefusalOf, type FilterRefusal } from '../../app/error-text.js';

/** Main's refusal of a filter text, with where in the text it went wrong when main says. */
export type TextError = FilterRefusal;

/** How long typing must pause before the text is checked. */
const CHECK_DELAY_MS = 250;

/**
 * The check of `filter`: main's error, or how many stored objects match it now (null while unknown).
 * It runs again when the filter or `refreshKey` changes; an answer about an earlier text is not
 * given for the current one (an error of `kind=` must not block Enter once the text is `kind=ship`).
 */
export function useFilterCheck(
  filter: ObjectFilter,
  refreshKey?: unknown,
): { error: TextError | null; matches: number | null } {
  const { client } = useApp();
  const key = JSON.stringify(filter);
  const [checked, setChecked] = useState<{ key: string; error: TextError | null; matches: number | null }>({
    key: '',
    error: null,
    matches: null,
  });
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      client
        .call('objects.list', { filter: JSON.parse(key) as ObjectFilter, limit: 0 })
        .then((page) => {
          if (!cancelled) setChecked({ key, error: null, matches: page.total });
        })
        .catch((err: unknown) => {
          if (cancelled) return;
          // Only a refused filter marks the text; a lost connection is reported elsewhere.
          const refusal = filterRefusalOf(err);
          const other = err instanceof RpcError && err.code === 'INVALID_INPUT';
          const error = refusal ?? (other ? { reason: errorMessage(err), position: null, token: '' } : null);
          setChecked({ key, error, matches: null });
        });
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, key, refreshKey]);
  // The last count stays on screen while the new text waits for its check; an old error does not.
  return { error: checked.key === key ? checked.error : null, matches: checked.matches };
}
