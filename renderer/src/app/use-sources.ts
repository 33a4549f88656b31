/**
 * Data sources with their live runtime status: loaded once by the shell, refreshed on demand, kept
 * current by `source.statusChanged` events, and read by every view with `useSources()`.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DataSource, SourceStatus } from '../../../electron/contract/domain.js';
import { errorMessage, useApp } from './app-context.js';
import { createRequiredContext } from './required-context.js';

/** The sources, their status by source id, whether the first load finished, and a reload. */
export interface SourcesState {
  sources: DataSource[];
  status: Record<string, SourceStatus>;
  loaded: boolean;
  reload(): Promise<void>;
}

/** Provides the sources loaded by `useSourcesLoader()`; `useSources()` reads them. */
export const [SourcesContext, useSources] = createRequiredContext<SourcesState>('SourcesContext');

/** Loads the sources and follows their status; call once, in the shell, and provide the result. */
export function useSourcesLoader(): SourcesState {
  const { client, notify } = useApp();
  const [sources, setSources] = useState<DataSource[]>([]);
  const [status, setStatus] = useState<Record<string, SourceStatus>>({});
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(
    () =>
      Promise.all([client.call('sources.list', {}), client.call('sources.status', {})])
        .then(([list, st]) => {
          setSources(list.items);
          setStatus(Object.fromEntries(st.items.map((s) => [s.source_id, s])));
          setLoaded(true);
        })
        .catch((err: unknown) => notify('error', `Could not load the data sources: ${errorMessage(err)}`)),
    [client, notify],
  );

  useEffect(() => {
    void reload().then(() => undefined);
    return client.on('source.statusChanged', (s) => setStatus((prev) => ({ ...prev, [s.source_id]: s })));
  }, [client, reload]);

  return useMemo(() => ({ sources, status, loaded, reload }), [sources, status, loaded, reload]);
}
