/**
 * Checks filter text with main as it is typed (the renderer has no parser): after a pause it asks
 * `objects.list` for zero rows and reads either the total or main's error with its position. Used
 * by the filter bar and by the rule editor's filter fields.
 */
import { useEffect, useState } from 'react';
import type { ObjectFilter } from '../../../../electron/contract/domain.js';
import { RpcError } from '../../api/client.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { errorPosition } from './filter-bar-state.js';

/** Main's refusal of a filter text, with where in the text it went wrong when main says. */
export interface TextError {
  message: string;
  position: number | null;
  token: string;
}

/** How long typing must pause before the text is checked. */
const CHECK_DELAY_MS = 250;

/**
 * The check of `filter`: main's error, or how many stored objects match it now (null while unknown).
 * It runs again when the filter or `refreshKey` changes.
 */
export function useFilterCheck(
  filter: ObjectFilter,
  refreshKey?: unknown,
): { error: TextError | null; matches: number | null } {
  const { client } = useApp();
  const [error, setError] = useState<TextError | null>(null);
  const [matches, setMatches] = useState<number | null>(null);
  const key = JSON.stringify(filter);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      client
        .call('objects.list', { filter: JSON.parse(key) as ObjectFilter, limit: 0 })
        .then((page) => {
          if (cancelled) return;
          setError(null);
          setMatches(page.total);
        })
        .catch((err: unknown) => {
          if (cancelled) return;
          setMatches(null);
          // Only a refused filter marks the text; a lost connection is reported elsewhere.
          if (!(err instanceof RpcError) || err.code !== 'INVALID_INPUT') {
            setError(null);
            return;
          }
          const where = errorPosition(err.details);
          setError({ message: errorMessage(err), position: where?.position ?? null, token: where?.token ?? '' });
        });
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, key, refreshKey]);
  return { error, matches };
}
