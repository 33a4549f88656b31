import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fillOverpassQuery,
  overpassQueryUrl,
  overpassStatusUrl,
  parseOverpassStatus,
  slotWaitMs,
} from './overpass-request.js';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'osm-live', name), 'utf8');

describe('overpass requests', () => {
  it("fills {{bbox}} in Overpass's order (south,west,north,east) and leaves a query without it alone", () => {
    const bbox: [number, number, number, number] = [7.409, 43.723, 7.44, 43.752];
    expect(fillOverpassQuery({ query: '[out:json];node({{bbox}});way({{bbox}});out;', bbox })).toBe(
      '[out:json];node(43.723,7.409,43.752,7.44);way(43.723,7.409,43.752,7.44);out;',
    );
    expect(fillOverpassQuery({ query: '[out:json];node(1);out;' })).toBe('[out:json];node(1);out;');
    const url = new URL(overpassQueryUrl({ url: 'https://overpass-api.de/api/interpreter', query: '[out:json];out;' }));
    expect(url.searchParams.get('data')).toBe('[out:json];out;');
  });

  it('finds the status page beside the interpreter, and none for a URL that is not one', () => {
    expect(overpassStatusUrl('https://overpass-api.de/api/interpreter')).toBe('https://overpass-api.de/api/status');
    expect(overpassStatusUrl('https://overpass.example/osm/api/interpreter/?x=1')).toBe(
      'https://overpass.example/osm/api/status',
    );
    expect(overpassStatusUrl('https://example.org/overpass')).toBeUndefined();
  });

  it("reads the public instance's real status pages: a free slot, a wait, no limit, every slot running", () => {
    const free = parseOverpassStatus(fixture('overpass-status-free.txt'))!;
    expect(free).toEqual({ rateLimit: 2, freeNow: 1 });
    expect(slotWaitMs(free)).toBe(0);
    const busy = parseOverpassStatus(fixture('overpass-status-busy.txt'))!;
    expect(busy).toEqual({ rateLimit: 2, freeNow: 0, nextInS: 380 });
    expect(slotWaitMs(busy)).toBe(381_000);
    // overpass-ts's recorded pages (test/examples/api-status.json): no limit, and two queries running.
    const unlimited =
      'Connected as: 174940356\nCurrent time: 2021-09-29T11:45:40Z\nRate limit: 0\nCurrently running queries (pid, space limit, time limit, start time):';
    expect(slotWaitMs(parseOverpassStatus(unlimited)!)).toBe(0);
    const running =
      'Connected as: 1520950174\nCurrent time: 2021-09-29T11:53:01Z\nRate limit: 2\nCurrently running queries (pid, space limit, time limit, start time):\n26880\t536870912\t180\t2021-09-29T11:52:45Z\n28627\t536870912\t180\t2021-09-29T11:53:00Z';
    expect(slotWaitMs(parseOverpassStatus(running)!)).toBeUndefined();
    expect(parseOverpassStatus('<html>Not Found</html>')).toBeUndefined();
  });
});
