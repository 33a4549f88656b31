/**
 * The basemap switcher: the bundled world layer, the online source (drawn only once the user picks
 * it), vector basemaps and opened raster MBTiles files, each with what it covers (area, zooms, size)
 * and whether it works offline; "Open basemap file…" (a dialog in the desktop app, a path field in
 * the headless twin; MBTiles or PMTiles), close/remove, the vector style (light, dark or the app's
 * theme), and main's refusal shown as its one sentence.
 */
import { useState } from 'react';
import type { TileLayer } from '../../../../electron/contract/methods/tiles.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useIsDesktop } from '../../app/shell-context.js';
import { ActionStatusText, type ActionStatus } from '../../app/action-status.js';
import { layerCoverage, layerLabel } from '../../map/layers/basemaps.js';
import {
  setBasemapStyleChoice,
  useBasemapStyleChoice,
  type BasemapStyleChoice,
} from '../../map/layers/vector-tiles/basemap-style-choice.js';
import { useTileLayersState } from './use-tile-layers.js';

const STYLE_CHOICES: [BasemapStyleChoice, string][] = [
  ['auto', 'Follow the app theme'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

/** Light / dark choice for vector basemaps. */
function VectorStyleChoice() {
  const choice = useBasemapStyleChoice();
  return (
    <label className="basemap-style">
      Vector basemap style
      <select
        value={choice}
        data-testid="basemap-style"
        onChange={(e) => setBasemapStyleChoice(e.target.value as BasemapStyleChoice)}
      >
        {STYLE_CHOICES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What closing a layer does, as its button says it. */
function closeLabel(l: TileLayer): string | null {
  if (l.source === 'built') return 'Delete';
  if (l.kind === 'mbtiles' || l.kind === 'vector') return 'Close';
  return null;
}

/** The basemap section of the "Maps & files" tab. */
export function BasemapSection() {
  const { client } = useApp();
  const tiles = useTileLayersState();
  const isDesktop = useIsDesktop();
  const [path, setPath] = useState('');
  const [showPath, setShowPath] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Why closing a layer failed, said beside that layer's button.
  const [closeFailure, setCloseFailure] = useState<{ id: string; status: ActionStatus } | null>(null);

  async function open(run: () => Promise<{ id: string } | null>) {
    setBusy(true);
    setError(null);
    try {
      const layer = await run();
      if (layer) {
        await tiles.refresh();
        tiles.select(layer.id);
        setShowPath(false);
        setPath('');
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const openClicked = () =>
    isDesktop
      ? void open(async () => (await client.call('tiles.openMbtilesDialog', {})).layer ?? null)
      : setShowPath((v) => !v);

  async function close(l: TileLayer) {
    const id = l.id;
    setCloseFailure(null);
    try {
      await client.call(l.kind === 'mbtiles' ? 'tiles.closeMbtiles' : 'tiles.removeBasemap', { id });
      if (tiles.baseId === id) tiles.select('world');
      await tiles.refresh();
    } catch (err) {
      setCloseFailure({ id, status: { level: 'error', text: `Could not close the layer: ${errorMessage(err)}` } });
    }
  }

  const layers = tiles.layers;
  return (
    <section className="offline-section" data-testid="basemap-section">
      <h3>Basemap</h3>
      <ul className="layer-list" role="radiogroup" aria-label="Basemap">
        {!layers.some((l) => l.kind === 'world') && (
          <li>
            <label>
              <input
                type="radio"
                name="basemap"
                checked={tiles.baseId === 'world'}
                onChange={() => tiles.select('world')}
              />
              World (bundled, offline)
            </label>
          </li>
        )}
        {layers.map((l) => (
          <li key={l.id} data-testid={`layer-${l.kind}`}>
            <label title={l.attribution || undefined}>
              <input
                type="radio"
                name="basemap"
                value={l.id}
                checked={tiles.baseId === l.id}
                onChange={() => tiles.select(l.id)}
              />
              {layerLabel(l)}
            </label>
            {closeLabel(l) && (
              <button
                type="button"
                className="link-button"
                data-testid="layer-close"
                title={
                  l.source === 'built'
                    ? 'Delete this basemap from the data directory'
                    : 'Close this file (the file is left alone)'
                }
                onClick={() => void close(l)}
              >
                {closeLabel(l)}
              </button>
            )}
            <ActionStatusText
              status={closeFailure?.id === l.id ? closeFailure.status : null}
              testId="layer-close-status"
            />
            {l.kind !== 'world' && (
              <div className="layer-coverage small" data-testid="layer-coverage">
                {layerCoverage(l)}
                {l.origin && <> · from {l.origin}</>}
              </div>
            )}
          </li>
        ))}
      </ul>
      <div className="offline-actions">
        <button type="button" disabled={busy} onClick={openClicked} data-testid="mbtiles-open">
          Open basemap file…
        </button>
      </div>
      <VectorStyleChoice />
      {showPath && (
        <form
          className="copy-row"
          onSubmit={(e) => {
            e.preventDefault();
            void open(() => client.call('tiles.openBasemapFile', { path: path.trim() }));
          }}
        >
          <input
            aria-label="Basemap file path on the server (MBTiles or PMTiles)"
            placeholder="/absolute/path/to/file.mbtiles or .pmtiles"
            value={path}
            data-testid="mbtiles-path"
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="submit" disabled={busy || !path.trim()} data-testid="mbtiles-path-open">
            Open
          </button>
        </form>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="mbtiles-error">
          {error}
        </p>
      )}
    </section>
  );
}
