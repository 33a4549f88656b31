import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApiJson, readApiXml, type ApiElement } from './osm-api-elements.js';
import { drawFull, historyOps } from './osm-api-versions.js';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'osm-live', name), 'utf8');

describe('OSM API answers', () => {
  it('reads XML with deleted versions kept (osmapi’s recorded multi-fetch)', () => {
    const [deleted, school] = readApiXml(fixture('osmapi-nodes-get.xml'));
    expect(deleted).toMatchObject({
      type: 'node',
      id: 345,
      version: 2,
      visible: false,
      user: 'guggis',
      changeset: 244,
    });
    expect(deleted?.lat).toBeUndefined();
    expect(school).toMatchObject({ id: 123, version: 8, visible: true, lat: 51.8753146, lon: -1.4857118 });
    expect({ ...school?.tags }).toEqual({ amenity: 'school', foo: 'bar', name: 'Berolina & Schule' });
  });

  it('reads JSON and draws a way from its /full answer as the import draws it', () => {
    const full = readApiJson(fixture('osm-api-js-way-4305800016-full.json'));
    expect(full.map((e) => `${e.type}/${e.id}`)).toHaveLength(5);
    const drawn = drawFull('way', 4305800016, full);
    expect(typeof drawn === 'object' && drawn.geom.type).toBe('Polygon');
    expect(drawFull('way', 999, full)).toBe('way 999 is not in its /full answer');
  });

  it('refuses a malformed XML answer with its line, and a JSON answer without elements', () => {
    expect(() => readApiXml('<osm>\n<node id="1" version="1">\n</osm>')).toThrow(/malformed at line/);
    expect(() => readApiJson('{"version":"0.6"}')).toThrow("the JSON answer has no 'elements' array");
  });
});

describe('historyOps', () => {
  // Hand-written versions (the recorded answers hold no element that is first drawn, then deleted).
  const v = (version: number, visible: boolean, extra: Partial<ApiElement> = {}): ApiElement => ({
    type: 'node',
    id: 7,
    version,
    visible,
    timestamp: Date.UTC(2020, 0, version),
    user: `u${version}`,
    changeset: 100 + version,
    tags: visible ? { amenity: 'bench', v: String(version) } : {},
    nodes: [],
    members: [],
    ...(visible ? { lat: 50 + version / 10, lon: 8 } : {}),
    ...extra,
  });

  it('marks a deleted version with the last visible tags and position, at the deletion time', () => {
    const { ops, skipped } = historyOps([v(3, false), v(1, true), v(2, true)], { sourceId: 's', after: 1, now: 0 });
    expect(skipped).toEqual([]);
    expect(ops.map((o) => (o.op === 'upsert' ? [o.observedAt, { ...o.tags }, o.geom] : o.op))).toEqual([
      [
        Date.UTC(2020, 0, 2),
        { amenity: 'bench', v: '2', 'osm:version': 2, 'osm:user': 'u2', 'osm:changeset': 102 },
        { type: 'Point', coordinates: [8, 50.2] },
      ],
      [
        Date.UTC(2020, 0, 3),
        { amenity: 'bench', v: '2', 'osm:version': 3, 'osm:user': 'u3', 'osm:changeset': 103, 'osm:deleted': 'yes' },
        { type: 'Point', coordinates: [8, 50.2] },
      ],
    ]);
  });

  it('says why a deletion of a node never seen drawn cannot be stored', () => {
    expect(historyOps([v(2, false)], { sourceId: 's', after: 0, now: 0 })).toEqual({
      ops: [],
      skipped: ['node/7 v2: there is no geometry to show it with'],
    });
  });
});
