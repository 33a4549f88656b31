/**
 * The basemap switcher: the bundled world layer, the online source (drawn only once the user picks
 * it) and every opened MBTiles file, with "Open MBTiles…" (a dialog in the desktop app, a path field
 * in the headless twin), close, and main's refusal (e.g. vector tiles) shown as its one sentence.
 */
import { useState } from 'react';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useIsDesktop } from '../../app/shell-context.js';
import { layerLabel } from '../../map/layers/basemaps.js';
import { useTileLayersState } from './use-tile-layers.js';

/** The basemap section of the "Maps & files" tab. */
export function BasemapSection() {
  const { client, notify } = useApp();
  const tiles = useTileLayersState();
  const isDesktop = useIsDesktop();
  const [path, setPath] = useState('');
  const [showPath, setShowPath] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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

  async function close(id: string) {
    try {
      await client.call('tiles.closeMbtiles', { id });
      if (tiles.baseId === id) tiles.select('world');
      await tiles.refresh();
    } catch (err) {
      notify('error', `Could not close the layer: ${errorMessage(err)}`);
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
            {l.kind === 'mbtiles' && (
              <button
                type="button"
                className="link-button"
                data-testid="layer-close"
                title="Close this MBTiles file (the file is left alone)"
                onClick={() => void close(l.id)}
              >
                Close
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="offline-actions">
        <button type="button" disabled={busy} onClick={openClicked} data-testid="mbtiles-open">
          Open MBTiles…
        </button>
      </div>
      {showPath && (
        <form
          className="copy-row"
          onSubmit={(e) => {
            e.preventDefault();
            void open(() => client.call('tiles.openMbtiles', { path: path.trim() }));
          }}
        >
          <input
            aria-label="MBTiles file path on the server"
            placeholder="/absolute/path/to/file.mbtiles"
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
