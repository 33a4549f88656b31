/** Handlers for the `tiles.*` contract slice, over the tile layer registry. */
import type { Handlers } from '../dispatch/dispatcher.js';
import { requireDialogs, type Dialogs } from '../dialogs.js';
import type { TileLayers } from './tile-layers.js';

type TilesHandlers = Pick<Handlers, `tiles.${string}` & keyof Handlers>;

const OK = { ok: true as const };

/** Creates the tiles handlers; `dialogs` exists only in the desktop app. */
export function createTilesHandlers(deps: { layers: TileLayers; dialogs?: Dialogs }): TilesHandlers {
  const { layers } = deps;
  return {
    'tiles.layers': async () => ({ layers: layers.list() }),
    'tiles.setOnlineSource': async (p) => layers.setOnlineSource(p),
    'tiles.openMbtiles': (p) => layers.openFile(p.path),
    'tiles.openBasemapFile': (p) => layers.openFile(p.path),
    'tiles.openMbtilesDialog': async () => {
      const path = await requireDialogs(deps.dialogs, 'tiles.openMbtilesDialog').openFile('Open a basemap file', [
        { name: 'Basemap files (MBTiles, PMTiles)', extensions: ['mbtiles', 'pmtiles'] },
      ]);
      return path ? { cancelled: false, layer: await layers.openFile(path) } : { cancelled: true };
    },
    'tiles.closeMbtiles': async (p) => (layers.closeFile(p.id), OK),
    'tiles.buildBasemap': async (p) => layers.buildBasemap(p),
    'tiles.cancelBasemap': async (p) => (layers.cancelBasemap(p.job_id), OK),
    'tiles.removeBasemap': async (p) => (layers.removeBasemap(p.id), OK),
    'tiles.estimateArea': async (p) => layers.estimateArea(p),
    'tiles.downloadArea': async (p) => layers.startDownload(p),
    'tiles.cancelDownload': async (p) => (layers.cancelDownload(p.job_id), OK),
  };
}
