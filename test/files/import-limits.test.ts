/**
 * Imports that cannot hurt the app, on a real SQLite store and the real ingest pipeline: KMZ bombs
 * and oversized documents refused with one sentence, a reader that runs out of heap ends only its
 * own thread, CSV streamed in blocks, and failed or cancelled imports leave nothing behind.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import type { EventPayload } from '../../electron/contract/events.js';
import { DEFAULTS, loadConfig, type Config } from '../../electron/core/config.js';
import { bufferInput, createFilesService, type FilesService } from '../../electron/core/files/files-service.js';
import { readCsvStream } from '../../electron/core/files/import/csv-reader.js';
import type { ImportRecord } from '../../electron/core/files/import/import-types.js';
import { readKmzKml } from '../../electron/core/files/import/zip-entry.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { quietLogger } from '../fakes/quiet-logger.js';
import { kmlOf, kmzBomb, makeZip } from './zip-kit.js';

let store: Store;
let ingest: IngestPipeline;
let files: FilesService;
const events: Array<EventPayload<'files.progressed'>> = [];

const service = (limits: Partial<Config['import']>) =>
  createFilesService({ store, ingest, limits: { ...DEFAULTS.import, ...limits } });

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-limits-'));
  store = await openStore(join(dir, 'tracker.db'), { dataDir: dir, log: quietLogger });
  ingest = createIngest({ store, log: quietLogger });
  files = createFilesService({ store, ingest, dataDir: dir, emit: (_e, p) => events.push(p) });
});
afterAll(async () => {
  await ingest.close();
  await store.close();
});

/** Expects the import to fail with `message` and to leave no source and no object behind. */
async function refusedLeavingNothing(run: Promise<unknown> | (() => Promise<unknown>), message: RegExp): Promise<void> {
  const sources = (await store.listSources()).length;
  const objects = await store.countObjects();
  await expect(typeof run === 'function' ? run() : run).rejects.toThrow(message);
  expect((await store.listSources()).length).toBe(sources);
  expect(await store.countObjects()).toBe(objects);
}

/** GeoJSONSeq of `n` points, one per line. */
function pointLines(n: number, prefix = 'p'): string[] {
  return Array.from(
    { length: n },
    (_, i) =>
      `{"type":"Feature","properties":{"osm_id":"${prefix}${i}","n":${i}},"geometry":{"type":"Point","coordinates":[${(i % 3600) / 10 - 180},${(i % 1700) / 10 - 85}]}}`,
  );
}

describe('KMZ', () => {
  it('unpacks a KMZ within the limits and imports its placemarks', async () => {
    const kmz = makeZip([
      { name: 'images/readme.txt', data: Buffer.from('not the KML') },
      { name: 'doc.kml', data: Buffer.from(kmlOf(300)) },
    ]);
    const report = await files.importInput(bufferInput('field.kmz', kmz));
    expect(report).toMatchObject({ format: 'kmz', imported: 300, skipped: 0 });
  });

  it('refuses a KMZ bomb (over 1,000:1, headers declaring 1 KB) by its real ratio, before it fills memory', async () => {
    const bomb = kmzBomb(64);
    expect(bomb.length).toBeLessThan(70 * 1024);
    const inflate = async () => {
      for await (const _ of readKmzKml(bomb, DEFAULTS.import));
    };
    await expect(inflate()).rejects.toThrow(
      /^'doc\.kml' is compressed 1,0\d\d:1, beyond the limit of 200:1 \('import\.maxCompressionRatio'\)/,
    );
    await refusedLeavingNothing(
      files.importInput(bufferInput('bomb.kmz', bomb)),
      /^File 'bomb\.kmz' cannot be imported: 'doc\.kml' is compressed 1,0\d\d:1, beyond the limit of 200:1/,
    );
  });

  it('refuses a KMZ whose KML unpacks beyond the size limit, at an ordinary ratio', async () => {
    const kmz = makeZip([{ name: 'doc.kml', data: Buffer.from(kmlOf(5000)) }]);
    await refusedLeavingNothing(
      service({ maxUnpackedBytes: 100_000 }).importInput(bufferInput('large.kmz', kmz)),
      /^File 'large\.kmz' cannot be imported: 'doc\.kml' unpacks to more than 100,000 bytes \('import\.maxUnpackedBytes'\)\.$/,
    );
  });
});

describe('document formats and the reader heap', () => {
  it('refuses a GPX feature over the limit, naming it and where it starts, and storing nothing', async () => {
    const gpx = `<gpx version="1.1"><wpt lat="1" lon="2"/><trk><trkseg>${'<trkpt lat="1" lon="2"/>'.repeat(2000)}</trkseg></trk></gpx>`;
    await refusedLeavingNothing(
      service({ maxDocumentBytes: 10_000 }).importInput(bufferInput('big.gpx', Buffer.from(gpx))),
      /^File 'big\.gpx' cannot be imported: the <trk> at line 1, column 42 is longer than 10,000 characters, the limit for one element \('import\.maxDocumentBytes'\)\.$/,
    );
  });

  it('a feature that needs more heap than the reader has ends that reader only, with one sentence', async () => {
    const line = Array.from({ length: 1_500_000 }, (_, i) => `${(i % 3600) / 10 - 180},${(i % 1700) / 10 - 85}`);
    const kml = Buffer.from(
      `<kml><Placemark><LineString><coordinates>${line.join(' ')}</coordinates></LineString></Placemark></kml>`,
    );
    await refusedLeavingNothing(
      service({ workerHeapMb: 32 }).importInput(bufferInput('huge.kml', kml)),
      /^File 'huge\.kml' needs more than 32 MB to read; raise 'import\.workerHeapMb' or split the file\.$/,
    );
    const after = await files.importInput(bufferInput('after.kml', Buffer.from(kmlOf(3))));
    expect(after.imported).toBe(3);
  });
});

describe('CSV', () => {
  it('streams blocks of whole records: quoted line breaks, CRLF and tiny chunks read as one parse does', async () => {
    const rows = ['id,lon,lat,note'];
    for (let i = 0; i < 30_000; i++) rows.push(`c${i},${i % 90},${i % 45},"line one, ""quoted""\r\nline ${i}"`);
    const text = rows.join('\r\n') + '\r\n';
    const whole = Papa.parse<Record<string, unknown>>(text, { header: true, skipEmptyLines: 'greedy' }).data;
    const chunks = async function* () {
      for (let i = 0; i < text.length; i += 65_521) yield text.slice(i, i + 65_521);
    };
    const records: ImportRecord[] = [];
    for await (const r of readCsvStream(chunks())) records.push(r);
    const objects = records.flatMap((r) => ('object' in r ? [r.object] : []));
    expect(objects).toHaveLength(whole.length);
    expect(objects[29_999]).toMatchObject({ osmId: 'c29999', tags: { note: whole[29_999]!.note } });
    expect(objects[12_345]!.tags.note).toBe('line one, "quoted"\r\nline 12345');
  });

  it('refuses a record that never ends (an unclosed quote) at the record limit', async () => {
    const text = `lon,lat,note\n1,2,"${'x'.repeat(3000)}`;
    await refusedLeavingNothing(
      service({ maxDocumentBytes: 2048 }).importInput(bufferInput('open.csv', Buffer.from(text))),
      /^File 'open\.csv' cannot be imported: a CSV record is longer than 2,048 characters \(an unclosed quote\?\)\.$/,
    );
  });
});

describe('failed and cancelled imports', () => {
  it('an import that fails after storing some chunks removes them, and says how many', async () => {
    const text = [...pointLines(5000, 'fail-'), `{"type":"Feature","properties":{"pad":"${'y'.repeat(20_000)}"}}`];
    await refusedLeavingNothing(
      service({ maxDocumentBytes: 10_000 }).importInput(
        bufferInput('late-error.geojsonl', Buffer.from(text.join('\n'))),
      ),
      /^File 'late-error\.geojsonl' cannot be imported: a line is longer than 10,000 characters \('import\.maxDocumentBytes'\)\. The [\d,]+ objects it had stored were removed\.$/,
    );
  });

  it('an import cancelled by its job id stops, removes what it stored and says so', async () => {
    const text = pointLines(200_000, 'cancel-').join('\n');
    await refusedLeavingNothing(async () => {
      const running = files.importInput(bufferInput('long.geojsonl', Buffer.from(text)), { jobId: 'cancel-me' });
      running.catch(() => undefined);
      await expect
        .poll(() => events.some((e) => e.job_id === 'cancel-me' && (e.objects ?? 0) > 0), { timeout: 30_000 })
        .toBe(true);
      expect(files.imports()).toEqual([expect.objectContaining({ job_id: 'cancel-me', name: 'long.geojsonl' })]);
      expect(files.cancelImport('cancel-me')).toBe(true);
      return running;
    }, /^The import of 'long\.geojsonl' was cancelled\. The [\d,]+ objects it had stored were removed\.$/);
    expect(files.imports()).toEqual([]);
    expect(files.cancelImport('cancel-me')).toBe(false);
    expect(events.filter((e) => e.job_id === 'cancel-me').at(-1)).toMatchObject({ finished: true });
  });

  it('a file whose every feature is skipped fails with the first reason and leaves no source', async () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }] };
    await refusedLeavingNothing(
      files.importInput(bufferInput('empty.geojson', Buffer.from(JSON.stringify(fc)))),
      /^File 'empty\.geojson' cannot be imported: none of its 1 features could be stored \(feature 1: it has no geometry\)\.$/,
    );
  });
});

describe('the import settings', () => {
  it('default, can be set, and name the setting when a value is refused', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'import-config-'));
    expect(loadConfig({ overrides: { dataDir } }).import).toEqual(DEFAULTS.import);
    const set = loadConfig({ overrides: { dataDir, import: { maxBodyBytes: 4096, workerHeapMb: 256 } } });
    expect(set.import).toMatchObject({ maxBodyBytes: 4096, workerHeapMb: 256, maxCompressionRatio: 200 });
    expect(() => loadConfig({ overrides: { dataDir, import: { maxCompressionRatio: 1 } } })).toThrow(
      "Setting 'import.maxCompressionRatio' from the command line must be at least 2, got 1.",
    );
  });
});
