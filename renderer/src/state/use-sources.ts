/**
 * Data sources with their live runtime status: loaded once, refreshed on demand, and kept current
 * by `source.statusChanged` events.
 */
import { useCallback, useEffect, useState } from 'react';
import type { DataSource, SourceStatus } from '../../../electron/contract/domain.js';
import { errorMessage, useApp } from '../app/app-context.js';

export interface SourcesState {
  sources: DataSource[];
  status: Record<string, SourceStatus>;
  loaded: boolean;
  reload(): Promise<void>;
}

export function useSources(): SourcesState {
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

  return { sources, status, loaded, reload };
}
