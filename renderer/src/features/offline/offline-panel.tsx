/**
 * The "Maps & files" tab: basemap switcher, units, online tile source settings, "download this area
 * for offline use", import with its results, the history retention rule, the team database and the
 * access key.
 */
import { useState } from 'react';
import { AccessKeySection } from '../access-key/access-key-section.js';
import { HistorySection } from '../history-settings/history-section.js';
import { ImportSection } from '../import/import-section.js';
import { TeamSection } from '../team-settings/team-section.js';
import { UnitsSection } from '../units-settings/units-section.js';
import { AreaDownload } from './area-download.js';
import { BasemapSection } from './basemap-section.js';
import { OnlineSourceForm } from './online-source-form.js';
import { useTileLayersState } from './use-tile-layers.js';

const URL_KEY = 'osm-tracker.online-url';
const OSM_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** The panel; layers, imports and the view come from the shell's hooks. */
export function OfflinePanel() {
  const tiles = useTileLayersState();
  const online = tiles.layers.find((l) => l.kind === 'online');
  const [editing, setEditing] = useState(false);
  const hint = localStorage.getItem(URL_KEY) ?? (online?.name === 'OpenStreetMap' ? OSM_URL : '');
  return (
    <div className="panel-body offline-panel" data-testid="offline-panel">
      <BasemapSection />
      <UnitsSection />
      <section className="offline-section" data-testid="online-section">
        <h3>Online tile source</h3>
        <p className="hint">
          {online ? (
            <>
              <strong>{online.name}</strong>, zoom 0–{online.max_zoom}
              {online.attribution && <>, {online.attribution}</>}. Fetched by the app, kept in an on-disk cache and
              drawn from it when offline; used only when you pick it above.
            </>
          ) : (
            'No online source.'
          )}
        </p>
        <button type="button" className="link-button" data-testid="online-edit" onClick={() => setEditing((v) => !v)}>
          {editing ? 'Hide settings' : 'Settings…'}
        </button>
        {editing && (
          <OnlineSourceForm
            key={online?.id ?? 'none'}
            layer={online}
            templateHint={hint}
            onSaved={() => void tiles.refresh()}
            onTemplate={(url) => localStorage.setItem(URL_KEY, url)}
          />
        )}
      </section>
      {online && (
        <section className="offline-section" data-testid="download-section">
          <h3>Download this area for offline use</h3>
          <AreaDownload key={`${online.name}-${online.allow_bulk_download}`} layer={online} />
        </section>
      )}
      <ImportSection />
      <HistorySection />
      <TeamSection />
      <AccessKeySection />
    </div>
  );
}
