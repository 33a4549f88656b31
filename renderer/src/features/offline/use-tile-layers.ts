/**
 * The basemap layers main offers (`tiles.layers`) and which one is chosen. The bundled world layer
 * is the default and stays underneath; the choice is remembered in localStorage. When a basemap
 * build finishes (one an import started, say), the list is read again, and the new basemap is chosen
 * if the world layer was.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../api/client.js';
import { createRequiredContext } from '../../app/required-context.js';
import type { TileLayer } from '../../../../electron/contract/methods/tiles.js';

const BASE_KEY = 'osm-tracker.basemap';

/** The layers main offers and the chosen one, with select and refresh. */
export interface TileLayersState {
  layers: TileLayer[];
  /** The chosen layer's id ('world' when none is chosen). */
  baseId: string;
  /** The chosen raster layer, or null for the world layer alone. */
  base: TileLayer | null;
  select(id: string): void;
  /** Reads the list again (after opening, closing or configuring a layer). */
  refresh(): Promise<void>;
}

/** Picks the raster layer to draw: the chosen one when main still offers it, else none. */
export function chosenLayer(layers: TileLayer[], id: string): TileLayer | null {
  const layer = layers.find((l) => l.id === id);
  return layer && layer.kind !== 'world' ? layer : null;
}

/** Provides the state of `useTileLayers()`; `useTileLayersState()` reads it. */
export const [TileLayersContext, useTileLayersState] = createRequiredContext<TileLayersState>('TileLayersContext');

/** Loads the layers once and whenever `refresh` is called; failures leave the world layer alone. */
export function useTileLayers(client: ApiClient): TileLayersState {
  const [layers, setLayers] = useState<TileLayer[]>([]);
  const [baseId, setBaseId] = useState(() => localStorage.getItem(BASE_KEY) ?? 'world');
  // Raster basemaps are optional: when the list cannot be read, the bundled world layer is all there is.
  const refresh = useCallback(
    () =>
      client
        .call('tiles.layers', {})
        .then((r) => setLayers(r.layers))
        .catch(() => undefined),
    [client],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const select = useCallback((id: string) => {
    localStorage.setItem(BASE_KEY, id);
    setBaseId(id);
  }, []);
  const state = useMemo(() => {
    const base = chosenLayer(layers, baseId);
    return { layers, baseId: base ? base.id : 'world', base, select, refresh };
  }, [layers, baseId, select, refresh]);
  const chosen = state.baseId;
  useEffect(
    () =>
      client.on('tiles.basemapProgressed', (p) => {
        if (p.phase !== 'done') return;
        if (chosen === 'world') select(p.layer_id);
        void refresh();
      }),
    [client, chosen, select, refresh],
  );
  return state;
}
