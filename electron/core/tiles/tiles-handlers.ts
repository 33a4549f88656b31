/** Handlers for the `tiles.*` contract slice, over the tile layer registry. */
import type { Handlers } from '../dispatch/dispatcher.js';
import { requireDialogs, type Dialogs } from '../dialogs.js';
import type { TileLayers } from './tile-layers.js';

type TilesHandlers = Pick<Handlers, `tiles.${string}` & keyof Handlers>;

/** Creates the tiles handlers; `dialogs` exists only in the desktop app. */
export function createTilesHandlers(deps: { layers: TileLayers; dialogs?: Dialogs }): TilesHandlers {
  const { layers } = deps;
  return {
    'tiles.layers': async () => ({ layers: layers.list() }),
    'tiles.setOnlineSource': async (p) => layers.setOnlineSource(p),
    'tiles.openMbtiles': async (p) => layers.openMbtiles(p.path),
    'tiles.openMbtilesDialog': async () => {
      const path = await requireDialogs(deps.dialogs, 'tiles.openMbtilesDialog').openFile('Open MBTiles', [
        { name: 'MBTiles', extensions: ['mbtiles'] },
      ]);
      return path ? { cancelled: false, layer: layers.openMbtiles(path) } : { cancelled: true };
    },
    'tiles.closeMbtiles': async (p) => {
      layers.closeMbtiles(p.id);
      return { ok: true as const };
    },
    'tiles.estimateArea': async (p) => layers.estimateArea(p),
    'tiles.downloadArea': async (p) => layers.startDownload(p),
    'tiles.cancelDownload': async (p) => {
      layers.cancelDownload(p.job_id);
      return { ok: true as const };
    },
  };
}
