/**
 * E2E helper: the page pixel of a lon/lat on the app's map, from the map's `data-center` and
 * `data-zoom` attributes (Web Mercator), so tests can hover and click places with the real mouse.
 */
import type { Page } from 'playwright-core';

/** Page coordinates [x, y] of [lon, lat] on the map as it is now. */
export async function screenOf(page: Page, [lon, lat]: readonly [number, number]): Promise<[number, number]> {
  const map = page.getByTestId('map');
  const [cLat, cLon] = (await map.getAttribute('data-center'))!.split(',').map(Number) as [number, number];
  const zoom = Number(await map.getAttribute('data-zoom'));
  const box = (await map.boundingBox())!;
  const mx = (l: number) => (l + 180) / 360;
  const my = (a: number) => 0.5 - Math.log(Math.tan(Math.PI / 4 + (a * Math.PI) / 360)) / (2 * Math.PI);
  const scale = 256 * 2 ** zoom;
  return [box.x + box.width / 2 + (mx(lon) - mx(cLon)) * scale, box.y + box.height / 2 + (my(lat) - my(cLat)) * scale];
}
