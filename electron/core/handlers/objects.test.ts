import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OsmObject } from '../../contract/domain.js';
import { openHandlerKit, type HandlerKit } from './handlers-test-kit.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
let kit: HandlerKit;
let sourceId: string;
let ship: OsmObject;
let road: OsmObject;

beforeAll(async () => {
  kit = await openHandlerKit(() => NOW);
  sourceId = ((await kit.call('sources.create', { name: 'feed', type: 'websocket' })) as { id: string }).id;
  const results = await kit.ingest.submit(
    [
      {
        op: 'upsert',
        sourceId,
        type: 'node',
        osmId: '1',
        tags: { name: 'Ever Given', kind: 'ship', speed: 10 },
        geom: { type: 'Point', coordinates: [32.5, 30] },
        observedAt: NOW - 1000,
      },
      {
        op: 'upsert',
        sourceId,
        type: 'way',
        osmId: '2',
        tags: { name: 'A1', highway: 'motorway' },
        geom: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
        observedAt: NOW - 2000,
      },
    ],
    { sourceId, channel: 'api' },
  );
  [ship, road] = results.map((r) => (r as { object: OsmObject }).object) as [OsmObject, OsmObject];
});
afterAll(() => kit.dispose());

describe('objects handlers', () => {
  it('lists with filter, sort and paging, answering the total', async () => {
    const all = (await kit.call('objects.list', { sort: { field: 'osm_id', dir: 'asc' } })) as {
      items: OsmObject[];
      total: number;
      limit: number;
    };
    expect(all.items.map((o) => o.osm_id)).toEqual(['1', '2']);
    expect(all).toMatchObject({ total: 2, limit: 100, offset: 0 });
    const ways = (await kit.call('objects.list', { filter: { types: ['way'] } })) as {
      items: OsmObject[];
      total: number;
    };
    expect(ways.items.map((o) => o.id)).toEqual([road.id]);
    const paged = (await kit.call('objects.list', { limit: 1, offset: 1, sort: { field: 'osm_id', dir: 'asc' } })) as {
      items: OsmObject[];
      total: number;
    };
    expect(paged.items.map((o) => o.osm_id)).toEqual(['2']);
    expect(paged.total).toBe(2);
  });

  it('gets one object and answers NOT_FOUND for an unknown id', async () => {
    expect(await kit.call('objects.get', { id: ship.id })).toMatchObject({ osm_id: '1', type: 'node' });
    expect(await kit.fail('objects.get', { id: 'nope' })).toMatchObject({
      code: 'NOT_FOUND',
      message: "Object 'nope' does not exist.",
    });
  });

  it('merges tags (null removes a key) and replaces geometry given as WKT', async () => {
    const updated = (await kit.call('objects.update', {
      id: ship.id,
      tags: { speed: 12, name: null },
      geom: 'POINT(33 31)',
    })) as OsmObject;
    expect(updated.tags).toEqual({ kind: 'ship', speed: 12 });
    expect(updated.geom).toEqual({ type: 'Point', coordinates: [33, 31] });
    const history = (await kit.call('objects.history', { id: ship.id })) as { items: unknown[] };
    expect(history.items.length).toBe(2);
  });

  it('replaces tags when asked and refuses null in replace mode', async () => {
    const replaced = (await kit.call('objects.update', {
      id: road.id,
      tags: { ref: 'A1' },
      tags_mode: 'replace',
    })) as OsmObject;
    expect(replaced.tags).toEqual({ ref: 'A1' });
    expect(await kit.fail('objects.update', { id: road.id, tags: { ref: null }, tags_mode: 'replace' })).toEqual({
      code: 'INVALID_INPUT',
      message: "Tag 'tags.ref' may be null only with tags_mode 'merge', got null.",
      details: { field: 'tags.ref' },
    });
  });

  it('enforces the geometry and tag rules on update', async () => {
    expect(await kit.fail('objects.update', { id: ship.id, geom: 'LINESTRING(0 0, 1 1)' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: "Field 'geom' must be a Point for a node, got LineString.",
    });
    expect(await kit.fail('objects.update', { id: road.id, geom: 'POINT(1 1)' })).toMatchObject({
      message: "Field 'geom' must be a LineString or Polygon for a way, got Point.",
    });
    expect(
      await kit.fail('objects.update', { id: ship.id, geom: { type: 'Point', coordinates: [0, 95] } }),
    ).toMatchObject({
      message: "Field 'geom.coordinates' latitude must be between -90 and 90, got 95.",
    });
    expect(await kit.fail('objects.update', { id: ship.id, tags: { speed: { a: 1 } } })).toMatchObject({
      code: 'INVALID_INPUT',
      message: "Parameter 'tags.speed' has a value of the wrong type, got an object.",
    });
    expect(await kit.fail('objects.update', { id: ship.id, tags: JSON.parse('{"__proto__": 1}') })).toMatchObject({
      message: "Parameter 'tags.__proto__' uses the reserved key '__proto__'.",
    });
    expect(await kit.fail('objects.update', { id: ship.id })).toMatchObject({
      message: `Update of object '${ship.id}' needs 'tags', 'geom' or 'clear_overrides', got none.`,
    });
    expect(await kit.fail('objects.update', { id: 'nope', tags: { a: 1 } })).toMatchObject({ code: 'NOT_FOUND' });
    const road2 = (await kit.call('objects.update', {
      id: road.id,
      geom: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    })) as OsmObject;
    expect(road2.geom.type).toBe('Polygon');
  });

  it('answers history newest first within limits, and NOT_FOUND for unknown objects', async () => {
    const history = (await kit.call('objects.history', { id: ship.id, limit: 1 })) as {
      items: Array<{ observed_at: string }>;
    };
    expect(history.items).toHaveLength(1);
    expect(await kit.fail('objects.history', { id: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await kit.fail('objects.history', { id: ship.id, limit: 0 })).toMatchObject({
      message: "Parameter 'limit' must be at least 1, got 0.",
    });
  });

  it('deletes through ingest and answers NOT_FOUND the second time', async () => {
    expect(await kit.call('objects.delete', { id: road.id })).toEqual({ id: road.id, deleted: true });
    expect(await kit.fail('objects.delete', { id: road.id })).toMatchObject({
      code: 'NOT_FOUND',
      message: `Object '${road.id}' does not exist.`,
    });
    expect(await kit.fail('objects.get', { id: road.id })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
