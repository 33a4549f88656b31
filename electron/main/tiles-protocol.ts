/**
 * The `tiles://{layer}/{z}/{x}/{y}` protocol: basemap tiles (MBTiles files, the online source through
 * its on-disk cache) served from main, the Electron twin of the headless `/tiles/…` HTTP route.
 */
import { protocol } from 'electron';
import { parseTileAddress } from '../core/tiles/tile-route.js';

export const TILES_SCHEME = 'tiles';

/** Fetches one tile, or undefined when the layer has none there. */
export type GetTile = (
  layer: string,
  z: number,
  x: number,
  y: number,
) => Promise<{ data: Uint8Array; contentType: string } | undefined | null>;

/** Must run before app.whenReady() (together with the app scheme). */
export const TILES_SCHEME_PRIVILEGES = {
  scheme: TILES_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Serves tiles; returns stop(). */
export function setupTilesProtocol(getTile: GetTile): () => void {
  protocol.handle(TILES_SCHEME, async (request) => {
    const url = new URL(request.url);
    const [z = '', x = '', y = ''] = url.pathname.split('/').filter(Boolean);
    try {
      const addr = parseTileAddress(z, x, y);
      const tile = await getTile(decodeURIComponent(url.host), addr.z, addr.x, addr.y);
      if (!tile) return new Response(null, { status: 204 });
      return new Response(Buffer.from(tile.data), {
        headers: { 'Content-Type': tile.contentType, 'Cache-Control': 'private, max-age=3600' },
      });
    } catch (error) {
      return new Response(error instanceof Error ? error.message : 'Bad tile request.', { status: 400 });
    }
  });
  return () => protocol.unhandle(TILES_SCHEME);
}
