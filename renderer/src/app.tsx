/**
 * The application shell: filter bar on top, the map with a side panel (objects, detail, sources),
 * the status bar and notifications at the bottom. Owns selection, follow, theme and shortcuts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from './api/client.js';
import type { AppInfo } from '../../electron/contract/methods/app.js';
import type { Bbox } from '../../electron/contract/domain.js';
import { AppContext, errorMessage, type AppServices } from './app/app-context.js';
import { ErrorBoundary } from './app/error-boundary.js';
import { useLiveMap, type ConnectionEvents } from './app/use-live-map.js';
import { SHORTCUTS, useShortcuts } from './app/use-shortcuts.js';
import { useTheme } from './app/use-theme.js';
import { FilterBar } from './features/filter-bar/filter-bar.js';
import { EMPTY_FILTER, toObjectFilter, type FilterState } from './features/filter-bar/filter-state.js';
import { ObjectDetail } from './features/object-detail/object-detail.js';
import { ObjectList } from './features/object-list/object-list.js';
import { SourcesPanel } from './features/sources/sources-panel.js';
import { Notifications } from './features/status-bar/notifications.js';
import { useNotices } from './app/use-notices.js';
import { StatusBar } from './features/status-bar/status-bar.js';
import { MapView } from './map/map-view.js';
import { DropZone } from './features/import/drop-zone.js';
import { useImport } from './features/import/use-import.js';
import { OfflinePanel } from './features/offline/offline-panel.js';
import { useTileLayers } from './features/offline/use-tile-layers.js';
import { useSources } from './state/use-sources.js';

type Tab = 'objects' | 'detail' | 'sources' | 'offline';
const TABS: { id: Tab; label: string }[] = [
  { id: 'objects', label: 'Objects' },
  { id: 'detail', label: 'Detail' },
  { id: 'sources', label: 'Sources' },
  { id: 'offline', label: 'Maps & files' },
];
const STALE_KEY = 'osm-tracker.stale-min';

/** The whole UI for one API client. */
export function App({ client, connection }: { client: ApiClient; connection?: ConnectionEvents }) {
  const { notices, notify, dismiss } = useNotices();
  const services: AppServices = useMemo(() => ({ client, notify }), [client, notify]);
  // Anything that escapes a handler becomes a notification, never a silent failure or a blank window.
  useEffect(() => {
    const onError = (e: ErrorEvent) => notify('error', `Unexpected error: ${e.message}`);
    const onRejection = (e: PromiseRejectionEvent) => notify('error', `Unexpected error: ${errorMessage(e.reason)}`);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    };
  }, [notify]);
  return (
    <AppContext.Provider value={services}>
      <Shell client={client} notify={notify} connection={connection} />
      <Notifications notices={notices} onDismiss={dismiss} />
    </AppContext.Provider>
  );
}

function Shell({
  client,
  notify,
  connection,
}: {
  client: ApiClient;
  notify: AppServices['notify'];
  connection: ConnectionEvents | undefined;
}) {
  const [theme, toggleTheme] = useTheme();
  const [filter, setFilter] = useState<FilterState>(EMPTY_FILTER);
  const [tab, setTab] = useState<Tab>('objects');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [followId, setFollowId] = useState<string | null>(null);
  const [track, setTrack] = useState<[number, number][] | null>(null);
  const [fitRequest, setFitRequest] = useState(0);
  const [panTo, setPanTo] = useState<{ id: string; seq: number } | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [staleMin, setStaleMin] = useState(() => Number(localStorage.getItem(STALE_KEY)) || 5);
  const [showHelp, setShowHelp] = useState(false);
  const [view, setView] = useState<{ bbox: Bbox; zoom: number } | null>(null);
  const filterInput = useRef<HTMLInputElement>(null);
  const sources = useSources();
  const live = useLiveMap(client, filter, notify, connection);
  const listFilter = useMemo(() => toObjectFilter(filter), [filter]);
  const tiles = useTileLayers(client);
  const imports = useImport(client, info?.mode === 'electron', sources.reload);
  const { importFiles } = imports;
  const onDrop = useCallback(
    (files: File[]) => {
      setTab('offline');
      void importFiles(files);
    },
    [importFiles],
  );

  useEffect(() => {
    client
      .call('app.info', {})
      .then(setInfo)
      .catch((err: unknown) => notify('error', `Could not reach the app core: ${errorMessage(err)}`));
    return client.on('app.notified', (n) => notify(n.level, n.message));
  }, [client, notify]);
  useEffect(() => localStorage.setItem(STALE_KEY, String(staleMin)), [staleMin]);

  const select = useCallback((id: string | null, pan = false) => {
    setSelectedId(id);
    // Follow belongs to the selected object: choosing another one (or none) stops it.
    setFollowId((f) => (f === id ? f : null));
    if (id && pan) setPanTo((p) => ({ id, seq: (p?.seq ?? 0) + 1 }));
  }, []);

  useShortcuts({
    '/': () => filterInput.current?.focus(),
    '1': () => setTab('objects'),
    '2': () => setTab('detail'),
    '3': () => setTab('sources'),
    '4': () => setTab('offline'),
    z: () => setFitRequest((n) => n + 1),
    f: () => selectedId && setFollowId((f) => (f === selectedId ? null : selectedId)),
    t: toggleTheme,
    Escape: () => select(null),
    '?': () => setShowHelp((v) => !v),
  });

  return (
    <div className="app" data-theme={theme}>
      <header className="top-bar">
        <h1 className="app-title">OSM Object Tracker</h1>
        <ErrorBoundary name="filter">
          <FilterBar
            ref={filterInput}
            value={filter}
            refreshKey={live.listTick}
            sources={sources.sources}
            onApply={setFilter}
          />
        </ErrorBoundary>
      </header>
      <main className="workspace">
        <section className="map-area" aria-label="Map">
          <ErrorBoundary name="map">
            <MapView
              store={live.store}
              baseLayer={tiles.base}
              theme={theme}
              selectedId={selectedId}
              followId={followId}
              staleAfterMs={staleMin * 60_000}
              track={track}
              fitRequest={fitRequest}
              panTo={panTo}
              onSelect={(id) => {
                select(id);
                if (id) setTab('detail');
              }}
              onViewChange={(bbox, zoom) => {
                live.onViewChange(bbox);
                setView({ bbox, zoom });
              }}
            />
          </ErrorBoundary>
          <label className="stale-setting" title="Objects with no update for this long are dimmed">
            stale after
            <input
              type="number"
              min={1}
              max={1440}
              value={staleMin}
              onChange={(e) => setStaleMin(Math.max(1, Number(e.target.value) || 5))}
            />{' '}
            min
          </label>
        </section>
        <aside className="side-panel">
          <nav className="tabs" role="tablist">
            {TABS.map((t, i) => (
              <button
                key={t.id}
                role="tab"
                type="button"
                aria-selected={tab === t.id}
                className={tab === t.id ? 'active' : undefined}
                data-testid={`tab-${t.id}`}
                onClick={() => setTab(t.id)}
                title={`${t.label} (${i + 1})`}
              >
                {t.label}
              </button>
            ))}
            <button
              type="button"
              className="link-button help-button"
              onClick={() => setShowHelp((v) => !v)}
              title="Keyboard shortcuts (?)"
            >
              ?
            </button>
          </nav>
          <ErrorBoundary name={tab}>
            {tab === 'objects' && (
              <ObjectList
                filter={listFilter}
                sources={sources.sources}
                selectedId={selectedId}
                refreshKey={live.listTick}
                isDesktop={info?.mode === 'electron'}
                onSelect={(id, pan) => select(id, pan)}
                onOpen={(id) => {
                  select(id, true);
                  setTab('detail');
                }}
              />
            )}
            {tab === 'detail' &&
              (selectedId ? (
                <ObjectDetail
                  key={selectedId}
                  id={selectedId}
                  store={live.store}
                  sources={sources.sources}
                  isFollowing={followId === selectedId}
                  onFollow={(on) => setFollowId(on ? selectedId : null)}
                  onTrack={setTrack}
                  onPan={() => select(selectedId, true)}
                  onDeleted={() => {
                    notify('info', 'Object deleted.');
                    select(null);
                    setTab('objects');
                  }}
                />
              ) : (
                <div className="panel-body muted">Select an object on the map or in the list.</div>
              ))}
            {tab === 'sources' && <SourcesPanel state={sources} hubUrl={info?.hub_url ?? null} />}
            {tab === 'offline' && (
              <OfflinePanel tiles={tiles} imports={imports} view={view} isDesktop={info?.mode === 'electron'} />
            )}
          </ErrorBoundary>
          {showHelp && (
            <div className="help" role="dialog" aria-label="Keyboard shortcuts">
              <h3>Keyboard shortcuts</h3>
              <dl>
                {SHORTCUTS.map((s) => (
                  <div key={s.key}>
                    <dt>
                      <kbd>{s.key}</kbd>
                    </dt>
                    <dd>{s.label}</dd>
                  </div>
                ))}
              </dl>
              <button type="button" onClick={() => setShowHelp(false)}>
                Close
              </button>
            </div>
          )}
        </aside>
      </main>
      <DropZone onFiles={onDrop} />
      <StatusBar info={info} liveCount={live.liveCount} theme={theme} onToggleTheme={toggleTheme} />
    </div>
  );
}
