/**
 * The streamed GPX/KML/KMZ readers against the whole-document path they replace: on every real
 * fixture (test/fixtures/SOURCES.md) and on files made to hit togeojson's ordering and shared-style
 * rules, both give the same records. Then the limits: a feature over the limit, malformed XML, a KMZ
 * whose KML streams out in chunks and stops at the ratio limit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpxGen, kmlGen } from '@tmcw/togeojson';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../electron/core/config.js';
import { featureToImported } from '../../electron/core/files/import/feature-mapper.js';
import type { ImportRecord } from '../../electron/core/files/import/import-types.js';
import { readImport } from '../../electron/core/files/import/read-import.js';
import { parseXml, readGpx, readKml } from '../../electron/core/files/import/xml-readers.js';
import { decodeUtf8 } from '../../electron/core/files/import/xml-stream.js';
import { readKmzKml } from '../../electron/core/files/import/zip-entry.js';
import { kmzBomb, makeZip } from './zip-kit.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (rel: string) => readFileSync(join(FIXTURES, rel));
const MAX = DEFAULTS.import.maxDocumentBytes;

/** The whole-document GPX reader this replaces, kept as the reference. */
function* wholeGpx(text: string): Generator<ImportRecord> {
  const doc = parseXml(text, 'GPX');
  if (doc.documentElement?.nodeName !== 'gpx')
    throw new Error(`the file's root element is <${doc.documentElement?.nodeName}>, not <gpx>`);
  let index = 0;
  let trackNo = 0;
  for (const feature of gpxGen(doc)) {
    const mapped = featureToImported(feature, index);
    if (typeof mapped === 'string') yield { index, skip: mapped };
    else {
      const gpxType = (feature.properties as Record<string, unknown> | null)?._gpxType;
      if (gpxType === 'trk' || gpxType === 'rte') {
        trackNo++;
        if (!feature.id && typeof mapped.tags.name !== 'string') mapped.osmId = `${gpxType}-${trackNo}`;
        else if (!feature.id) mapped.osmId = `${gpxType}-${String(mapped.tags.name)}`;
      } else if (!feature.id && typeof mapped.tags.name === 'string') mapped.osmId = `wpt-${mapped.tags.name}`;
      if (mapped.track) {
        mapped.type = 'node';
        mapped.tags.kind ??= 'track';
      }
      yield { index, object: mapped };
    }
    index++;
  }
}

/** The whole-document KML reader this replaces, kept as the reference. */
function* wholeKml(text: string): Generator<ImportRecord> {
  const doc = parseXml(text, 'KML');
  if (doc.documentElement?.nodeName !== 'kml')
    throw new Error(`the file's root element is <${doc.documentElement?.nodeName}>, not <kml>`);
  let index = 0;
  for (const feature of kmlGen(doc)) {
    const mapped = featureToImported(feature, index);
    if (typeof mapped === 'string') yield { index, skip: mapped };
    else {
      if (mapped.track) mapped.type = 'node';
      yield { index, object: mapped };
    }
    index++;
  }
}

/** The text in chunks of `size` characters (small ones cut tags, entities and CDATA in two). */
const chunked = (text: string, size: number) => () =>
  (async function* () {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  })();

async function collect(records: AsyncIterable<ImportRecord>): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  for await (const r of records) out.push(r);
  return out.sort((a, b) => a.index - b.index);
}

/** Records sorted by index, or the error's sentence. */
async function outcome(records: () => AsyncIterable<ImportRecord> | Iterable<ImportRecord>) {
  try {
    const out: ImportRecord[] = [];
    for await (const r of records()) out.push(r);
    return out.sort((a, b) => a.index - b.index);
  } catch (err) {
    return (err as Error).message;
  }
}

/** Both paths on `text`, the stream in large, odd and tiny chunks; returns the records (or error). */
async function expectSame(kind: 'gpx' | 'kml', text: string): Promise<ImportRecord[] | string> {
  const whole = await outcome(() => (kind === 'gpx' ? wholeGpx : wholeKml)(text));
  const read = kind === 'gpx' ? readGpx : readKml;
  for (const size of [64 * 1024, 997, 7]) {
    if (size === 7 && text.length > 200_000) continue;
    expect(await outcome(() => read(chunked(text, size), MAX)), `${kind} in chunks of ${size}`).toEqual(whole);
  }
  return whole;
}

/** A Folder-rooted libkml sample as a KML document. */
const asKml = (text: string) =>
  `<kml xmlns="http://www.opengis.net/kml/2.2">${text.replace(/^\s*<\?xml[^>]*\?>/, '')}</kml>`;

const readError = async (records: AsyncIterable<ImportRecord>) => {
  try {
    await collect(records);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('streamed GPX and KML give the records of the whole document', () => {
  it.each(readdirSync(join(FIXTURES, 'gpx')))('gpx/%s', async (name) => {
    const records = await expectSame('gpx', fixture(`gpx/${name}`).toString('utf8'));
    expect(records.length).toBeGreaterThan(0);
  });

  it.each(readdirSync(join(FIXTURES, 'kml')))('kml/%s', async (name) => {
    const text = fixture(`kml/${name}`).toString('utf8');
    const records = await expectSame('kml', text);
    if (typeof records === 'string') {
      // libkml's Folder-rooted samples: both refuse them, and both read them inside a <kml> root.
      expect(records).toBe("the file's root element is <Folder>, not <kml>");
      expect((await expectSame('kml', asKml(text))).length).toBeGreaterThan(0);
    } else expect(records.length).toBeGreaterThan(0);
  });

  it('kmz/points-puntas.kmz: its doc.kml inflated as a stream, twice', async () => {
    const zip = fixture('kmz/points-puntas.kmz');
    const parts: Buffer[] = [];
    for await (const chunk of readKmzKml(zip, DEFAULTS.import)) parts.push(chunk);
    const whole = [...wholeKml(Buffer.concat(parts).toString('utf8'))];
    const read = await collect(readKml(() => decodeUtf8(readKmzKml(zip, DEFAULTS.import)), MAX));
    expect(read).toEqual(whole);
    expect(read.filter((r) => 'object' in r)).toHaveLength(11);
  });

  it('GPX in schema order (waypoints, routes, tracks) keeps togeojson order: tracks, routes, then waypoints', async () => {
    const pt = (lat: number, extra = '') => `<trkpt lat="${lat}" lon="7.4">${extra}</trkpt>`;
    const gpx = `<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxx="http://www.garmin.com/xmlschemas/GpxExtensions/v3" xmlns:x="urn:x">
  <wpt lat="43.7" lon="7.4"><x:note>first &amp; unnamed</x:note></wpt>
  <wpt lat="43.8" lon="7.5"><name>Named</name><sym>Flag</sym></wpt>
  <wpt lat="bad" lon="7.5"><name>no position</name></wpt>
  <rte><rtept lat="43.7" lon="7.4"/><rtept lat="43.71" lon="7.41"/></rte>
  <rte><name>one point</name><rtept lat="43.7" lon="7.4"/></rte>
  <trk><name>Timed</name><trkseg>${pt(43.7, '<time>2026-01-01T00:00:00Z</time>')}${pt(43.71, '<time>2026-01-01T00:01:00Z</time>')}</trkseg></trk>
  <trk><trkseg>${pt(43.7)}</trkseg><trkseg>${pt(43.72)}${pt(43.73)}</trkseg></trk>
  <trk><name>empty</name><trkseg>${pt(43.7)}</trkseg></trk>
</gpx>`;
    const records = (await expectSame('gpx', gpx)) as ImportRecord[];
    expect(records.map((r) => ('object' in r ? r.object.osmId : r.skip))).toEqual([
      'trk-Timed',
      'trk-2',
      'rte-3',
      '4',
      'wpt-Named',
    ]);
  });

  it('KML with styles after their placemarks, StyleMaps, typed schema fields, CDATA and overlays', async () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document><name>doc</name>
  <Schema name="s"><SimpleField name="speed" type="double"/><SimpleField name="n" type="string"/></Schema>
  <GroundOverlay><name>overlay</name><LatLonBox><north>44</north><south>43</south><east>8</east><west>7</west></LatLonBox></GroundOverlay>
  <Folder><name>f</name>
    <Placemark id="a"><name>A</name><styleUrl>#pair</styleUrl>
      <description><![CDATA[<b>bold</b> & more]]></description>
      <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="speed">12.5</SimpleData><SimpleData name="n">7</SimpleData></SchemaData></ExtendedData>
      <Point><coordinates>7.42,43.73</coordinates></Point></Placemark>
    <Placemark><name>no geometry</name></Placemark>
    <Placemark><styleUrl>late</styleUrl><gx:Track><when>2026-01-01T00:00:00Z</when><when>2026-01-01T00:01:00Z</when>
      <gx:coord>7.42 43.73 0</gx:coord><gx:coord>7.43 43.74 0</gx:coord></gx:Track></Placemark>
  </Folder>
  <NetworkLink><name>link</name><Link><href>http://example.org/x.kml</href></Link></NetworkLink>
  <StyleMap id="pair"><Pair><key>normal</key><styleUrl>#red</styleUrl></Pair><Pair><key>highlight</key><styleUrl>#late</styleUrl></Pair></StyleMap>
  <Style id="red"><LineStyle><color>ff0000ff</color><width>2</width></LineStyle></Style>
  <Style id="late"><IconStyle><scale>1.5</scale><Icon><href>late.png</href></Icon></IconStyle></Style>
  <Style id="red"><PolyStyle><color>7f00ff00</color></PolyStyle></Style>
  <SimpleField name="speed" type="int"/>
</Document></kml>`;
    const records = (await expectSame('kml', kml)) as ImportRecord[];
    const a = records.find((r) => 'object' in r && r.object.osmId === 'a');
    expect(a && 'object' in a && a.object.tags).toMatchObject({ fill: '#00ff00', speed: 12.5, styleUrl: '#pair' });
    expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('limits of the streamed readers', () => {
  it('reads a file many times the limit when each feature is under it', async () => {
    const text = asKml(fixture('kml/lines.kml').toString('utf8'));
    const limit = 100_000;
    expect(text.length).toBeGreaterThan(limit * 10);
    expect(await collect(readKml(chunked(text, 64 * 1024), limit))).toEqual([...wholeKml(text)]);
  });

  it('refuses one feature over the limit, naming the element and where it starts', async () => {
    const text = fixture('gpx/route-1.1.gpx').toString('utf8');
    const before = text.slice(0, text.indexOf('<trk>')).split('\n');
    expect(await readError(readGpx(chunked(text, 64 * 1024), 1_000_000))).toBe(
      `the <trk> at line ${before.length}, column ${before.at(-1)!.length + 1} is longer than 1,000,000 characters, the limit for one element ('import.maxDocumentBytes')`,
    );
  });

  it('refuses malformed XML with the line and column, before any record', async () => {
    const gpx =
      '<gpx version="1.1">\n  <wpt lat="1" lon="2"><name>ok</name></wpt>\n  <wpt lat="1" lon="2">\n    <name>x</nme>\n  </wpt>\n</gpx>';
    const seen: ImportRecord[] = [];
    let message = '';
    try {
      for await (const r of readGpx(chunked(gpx, 16), MAX)) seen.push(r);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe('the GPX file is not well-formed XML: unexpected close tag at line 4, column 17');
    expect(seen).toEqual([]);
    expect(await readError(readKml(chunked('<gpx></gpx>', 4), MAX))).toBe(
      "the file's root element is <gpx>, not <kml>",
    );
    expect(await readError(readKml(chunked('<kml><Placemark>&nbsp;</Placemark></kml>', 4), MAX))).toMatch(
      /^the KML file is not well-formed XML: invalid character entity at line 1, column \d+$/,
    );
  });

  it('refuses a comment or text longer than the limit instead of buffering it', async () => {
    const kml = `<kml><Document><!-- ${'x'.repeat(300_000)} --></Document></kml>`;
    expect(await readError(readKml(chunked(kml, 64 * 1024), 100_000))).toMatch(
      /^it holds a comment longer than 100,000 characters at line 1, column \d+ \('import\.maxDocumentBytes'\)$/,
    );
  });

  it('inflates a KMZ entry in chunks, and stops a bomb at the ratio limit with its real ratio', async () => {
    const marks = Array.from(
      { length: 20_000 },
      (_, i) => `<Placemark id="m${i}"><Point><coordinates>${i / 7},${i / 13}</coordinates></Point></Placemark>`,
    );
    const kml = Buffer.from(`<kml><Document>${marks.join('')}</Document></kml>`);
    let largest = 0;
    let total = 0;
    for await (const chunk of readKmzKml(makeZip([{ name: 'doc.kml', data: kml }]), DEFAULTS.import)) {
      largest = Math.max(largest, chunk.length);
      total += chunk.length;
    }
    expect(total).toBe(kml.length);
    expect(largest).toBeLessThanOrEqual(64 * 1024);
    expect(await readError(readKml(() => decodeUtf8(readKmzKml(kmzBomb(64), DEFAULTS.import)), MAX))).toMatch(
      /^'doc\.kml' is compressed 1,0\d\d:1, beyond the limit of 200:1 \('import\.maxCompressionRatio'\); it looks like a zip bomb$/,
    );
  });

  it('reads through readImport: a GPX from a stream read once (copied for the second pass)', async () => {
    const bytes = fixture('gpx/gpxparser-test.gpx');
    let streams = 0;
    const input = {
      name: 'once.gpx',
      size: bytes.length,
      stream: async function* () {
        if (streams++ > 0) throw new Error('read twice');
        for (let i = 0; i < bytes.length; i += 5000) yield bytes.subarray(i, i + 5000);
      },
    };
    const records: ImportRecord[] = [];
    for await (const r of readImport(input, 'gpx')) records.push(r);
    expect(records.sort((a, b) => a.index - b.index)).toEqual([...wholeGpx(bytes.toString('utf8'))]);
    expect(streams).toBe(1);
  });
});
