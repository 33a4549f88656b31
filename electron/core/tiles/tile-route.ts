/**
 * Serves tiles over HTTP in the headless twin: `GET /tiles/{layer}/{z}/{x}/{y}` with the right
 * content type (`application/x-protobuf` for vector tiles, ungzipped); Electron serves the same
 * tiles through its own protocol.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../contract/errors.js';
import type { TileLayers } from './tile-layers.js';

export const TILE_ROUTE = '/tiles/:layer/:z/:x/:y';

/** Parses `z/x/y` (y may carry a tile extension: png, jpg, webp, pbf, mvt) into numbers, or throws INVALID_INPUT. */
export function parseTileAddress(z: string, x: string, y: string): { z: number; x: number; y: number } {
  const nums = [z, x, y.replace(/\.(png|jpe?g|webp|pbf|mvt)$/i, '')].map((v) =>
    /^\d{1,8}$/.test(v) ? Number(v) : NaN,
  );
  if (nums.some(Number.isNaN))
    throw new AppError('INVALID_INPUT', `Tile address '${z}/${x}/${y}' must be three whole numbers z/x/y.`);
  return { z: nums[0]!, x: nums[1]!, y: nums[2]! };
}

/** The route handler: 200 with the tile, 204 when the layer has no tile there. */
export function createTileRoute(layers: TileLayers) {
  return async (_req: IncomingMessage, res: ServerResponse, ctx: { params: Record<string, string> }): Promise<void> => {
    const { layer = '', z = '', x = '', y = '' } = ctx.params;
    const addr = parseTileAddress(z, x, y);
    const tile = await layers.getTile(layer, addr.z, addr.x, addr.y);
    if (!tile) {
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': tile.contentType,
      'Content-Length': tile.data.length,
      'Cache-Control': 'private, max-age=3600',
    });
    res.end(tile.data);
  };
}
