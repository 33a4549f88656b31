/**
 * The window's layout: filter bar on top, the map with the side panel, the drop zone and the status
 * bar. It loads what several views share (sources, basemap layers, imports, alerts, geofences and
 * rules) and provides it.
 */
import { useCallback } from 'react';
import type { ConnectionEvents } from '../api/connect-api.js';
import { useApp } from '../app/app-context.js';
import { ErrorBoundary } from '../app/error-boundary.js';
import { useIsDesktop, useShell, useShellActions } from '../app/shell-context.js';
import { SourcesContext, useSourcesLoader } from '../app/use-sources.js';
import { AlertsContext, useAlertsLoader } from '../features/alerts/use-alerts.js';
import { FilterBar } from '../features/filter-bar/filter-bar.js';
import { DropZone } from '../features/import/drop-zone.js';
import { ImportContext, useImport, useImports } from '../features/import/use-import.js';
import { TileLayersContext, useTileLayers } from '../features/offline/use-tile-layers.js';
import { RulesDataContext, useRulesDataLoader } from '../features/rules/use-rules-data.js';
import { StatusBar } from '../features/status-bar/status-bar.js';
import { MapArea } from './map-area.js';
import { ShellEffects } from './shell-effects.js';
import { SidePanel } from './side-panel.js';

function Layout() {
  const theme = useShell((s) => s.theme);
  const { showTab } = useShellActions();
  const { importFiles } = useImports();
  const onDrop = useCallback(
    (files: File[]) => {
      showTab('offline');
      void importFiles(files);
    },
    [showTab, importFiles],
  );
  return (
    <div className="app" data-theme={theme}>
      <header className="top-bar">
        <h1 className="app-title">OSM Object Tracker</h1>
        <ErrorBoundary name="filter">
          <FilterBar />
        </ErrorBoundary>
      </header>
      <main className="workspace">
        <MapArea />
        <SidePanel />
      </main>
      <DropZone onFiles={onDrop} />
      <StatusBar />
    </div>
  );
}

/** The shell inside the app's providers; `connection` reports reconnects of the WebSocket transport. */
export function Shell({ connection }: { connection: ConnectionEvents | undefined }) {
  const { client } = useApp();
  const sources = useSourcesLoader();
  const tiles = useTileLayers(client);
  const isDesktop = useIsDesktop();
  const imports = useImport(client, isDesktop, sources.reload);
  const alerts = useAlertsLoader();
  const rules = useRulesDataLoader();
  return (
    <SourcesContext value={sources}>
      <TileLayersContext value={tiles}>
        <ImportContext value={imports}>
          <AlertsContext value={alerts}>
            <RulesDataContext value={rules}>
              <ShellEffects connection={connection} />
              <Layout />
            </RulesDataContext>
          </AlertsContext>
        </ImportContext>
      </TileLayersContext>
    </SourcesContext>
  );
}
