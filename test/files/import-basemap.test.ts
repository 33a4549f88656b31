/**
 * "Import an extract" also builds the offline basemap: on a real OSM extract (`monaco-ville.osm.pbf`,
 * © OpenStreetMap contributors, ODbL 1.0; see test/fixtures/SOURCES.md), through the real app
 * (store, import worker, basemap worker): a path import builds from the path itself; a POSTed upload
 * and inline `files.import` content are kept as a private spool copy while the build reads them and
 * removed when it ends (done or cancelled); the report names the build or says why there is none; a
 * failed import builds nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../electron/contract/events.js';
import { importReportSchema } from '../../electron/contract/methods/files.js';
import type { TileLayer } from '../../electron/contract/methods/tiles.js';
import { openStore } from '../../db/open-store.js';
import { bufferInput, createFilesService, type FilesImportReport } from '../../electron/core/files/files-service.js';
import { createIngest } from '../../electron/core/ingest/ingest.js';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';
import { quietLogger } from '../fakes/quiet-logger.js';

const VILLE = join(import.meta.dirname, '..', 'fixtures', 'osm', 'monaco-ville.osm.pbf');
const TOKEN = 'import-basemap-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
const ctx = { clientId: 't', principal: { kind: 'app' as const }, push() {}, onClose() {} };

type Progress = EventPayload<'tiles.basemapProgressed'>;
/** A basemap event with the files in the import spool at the moment it went out (path → mode). */
type Seen = Progress & { spool: Record<string, number> };

let server: RunningServer;
let dataDir: string;
let base: string;
const seen: Seen[] = [];
const waiting = new Map<string, (p: Progress) => void>();

/** The files (not folders) under `<dataDir>/import-spool`, with their modes. */
function spoolFiles(): Record<string, number> {
  const dir = join(dataDir, 'import-spool');
  if (!existsSync(dir)) return {};
  const files: Record<string, number> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const st = statSync(join(dir, rel));
    if (st.isFile()) files[rel] = st.mode & 0o777;
  }
  return files;
}

/** Resolves with the build's last event (done, failed or cancelled), even if it went out already. */
function finished(jobId: string): Promise<Progress> {
  const last = seen.find((e) => e.job_id === jobId && e.finished);
  return last ? Promise.resolve(last) : new Promise((resolve) => waiting.set(jobId, resolve));
}

async function call<T>(method: string, params: unknown): Promise<T> {
  const reply = (await server.core.dispatcher.dispatch(method as never, params, ctx)) as
    { ok: true; result: T } | { ok: false; error: { message: string } };
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result;
}

const post = (query: string, body: Buffer) =>
  fetch(`${base}/api/import?${query}`, { method: 'POST', headers: auth, body: new Uint8Array(body) });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'import-basemap-'));
  server = await startServer({ port: 0, dataDir, token: TOKEN, env: {} });
  base = new URL(server.url).origin;
  server.core.events.on((event, payload) => {
    if (event !== 'tiles.basemapProgressed') return;
    const p = payload as Progress;
    seen.push({ ...p, spool: spoolFiles() });
    if (p.finished) waiting.get(p.job_id)?.(p);
  });
});
afterAll(async () => server.stop());

const eventsOf = (jobId: string) => seen.filter((e) => e.job_id === jobId);
const layers = async () => (await call<{ layers: TileLayer[] }>('tiles.layers', {})).layers;

describe('importing an OSM extract with basemap', () => {
  it('builds from the path itself and leaves the file alone', async () => {
    const report = await server.core.files.importPath(VILLE, { basemap: true });
    expect(report).toMatchObject({ format: 'osmpbf', imported: 1016 });
    expect(report.basemap?.layer_id).toBe('basemap-monaco-ville');
    expect(report.basemap_error).toBeUndefined();
    expect(importReportSchema.parse(report)).toEqual(report);

    const done = await finished(report.basemap!.job_id);
    expect(done).toMatchObject({ phase: 'done', layer_id: 'basemap-monaco-ville' });
    expect(done.tiles).toBeGreaterThan(5);
    expect((await layers()).find((l) => l.id === 'basemap-monaco-ville')).toMatchObject({
      kind: 'vector',
      source: 'built',
      origin: 'monaco-ville.osm.pbf',
    });
    expect(existsSync(VILLE)).toBe(true);
    // No copy was made of a file on disk.
    expect(eventsOf(report.basemap!.job_id).every((e) => Object.keys(e.spool).length === 0)).toBe(true);
  });

  it('keeps a POSTed upload (0600, named after the file) while the build reads it, then removes it', async () => {
    const res = await post('name=monaco-upload.osm.pbf&basemap=1', readFileSync(VILLE));
    expect(res.status).toBe(200);
    const report = (await res.json()) as FilesImportReport;
    expect(report).toMatchObject({ format: 'osmpbf', imported: 1016, basemap: { layer_id: 'basemap-monaco-upload' } });

    const done = await finished(report.basemap!.job_id);
    expect(done.phase).toBe('done');
    const first = eventsOf(report.basemap!.job_id)[0]!;
    expect(first.finished).toBe(false);
    const kept = Object.entries(first.spool);
    expect(kept).toHaveLength(1);
    expect(kept[0]![0]).toMatch(/^[0-9a-f-]{36}\/monaco-upload\.osm\.pbf$/);
    expect(kept[0]![1]).toBe(0o600);
    expect(spoolFiles()).toEqual({});
    expect(readdirSync(join(dataDir, 'import-spool'))).toEqual([]);
    expect((await layers()).find((l) => l.id === 'basemap-monaco-upload')?.origin).toBe('monaco-upload.osm.pbf');
  });

  it('writes inline files.import content to a private spool file first, and removes it after the build', async () => {
    const report = await call<FilesImportReport>('files.import', {
      name: 'monaco-inline.osm.pbf',
      content: readFileSync(VILLE).toString('base64'),
      encoding: 'base64',
      basemap: true,
    });
    expect(report).toMatchObject({ imported: 1016, basemap: { layer_id: 'basemap-monaco-inline' } });
    expect((await finished(report.basemap!.job_id)).phase).toBe('done');
    const first = eventsOf(report.basemap!.job_id)[0]!;
    expect(Object.keys(first.spool)).toEqual([expect.stringMatching(/\/monaco-inline\.osm\.pbf$/)]);
    expect(spoolFiles()).toEqual({});
  });

  it('removes the kept copy when the build is cancelled', async () => {
    const report = await server.core.files.importInput(bufferInput('monaco-cancel.osm.pbf', readFileSync(VILLE)), {
      basemap: true,
    });
    server.core.tiles.cancelBasemap(report.basemap!.job_id);
    expect((await finished(report.basemap!.job_id)).phase).toBe('cancelled');
    expect(spoolFiles()).toEqual({});
    expect((await layers()).some((l) => l.id === 'basemap-monaco-cancel')).toBe(false);
  });

  it('says why no basemap was built for a file that is not an OSM extract, and imports it', async () => {
    const points = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [7.42, 43.73] }, properties: { name: 'Port' } },
      ],
    };
    const res = await post('name=points.geojson&basemap=1', Buffer.from(JSON.stringify(points)));
    const report = (await res.json()) as FilesImportReport;
    expect(report.imported).toBe(1);
    expect(report.basemap).toBeUndefined();
    expect(report.basemap_error).toBe(
      "No basemap was built: 'points.geojson' is a geojson file, and basemaps are built from OSM extracts (osm, osmpbf, overpass) only.",
    );
    expect(spoolFiles()).toEqual({});
  });

  it('builds nothing when the import fails, and keeps no copy', async () => {
    const cut = readFileSync(VILLE).subarray(0, 60_000);
    const res = await post('name=cut-upload.osm.pbf&basemap=1', cut);
    expect(res.status).toBe(400);
    await expect(
      call('files.import', {
        name: 'cut-inline.osm.pbf',
        content: cut.toString('base64'),
        encoding: 'base64',
        basemap: true,
      }),
    ).rejects.toThrow(/cut-inline\.osm\.pbf/);
    expect(spoolFiles()).toEqual({});
    expect(existsSync(join(dataDir, 'import-spool')) ? readdirSync(join(dataDir, 'import-spool')) : []).toEqual([]);
    // A build starts synchronously with the report, so one would have been announced by the next build's end.
    const next = await server.core.files.importPath(VILLE, { basemap: true });
    await finished(next.basemap!.job_id);
    expect(seen.filter((e) => e.layer_id.startsWith('basemap-cut'))).toEqual([]);
  });

  it('reports no basemap fields when none was asked for, and refuses a malformed basemap parameter', async () => {
    const report = (await (await post('name=plain.osm.pbf', readFileSync(VILLE))).json()) as FilesImportReport;
    expect(report.imported).toBe(1016);
    expect('basemap' in report || 'basemap_error' in report).toBe(false);
    const bad = await post('name=plain.osm.pbf&basemap=yes', readFileSync(VILLE));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      "Query parameter 'basemap' must be 1, 0, true or false, got 'yes'.",
    );
  });
});

describe('a basemap builder that refuses', () => {
  it('turns its refusal into basemap_error and removes the kept copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-basemap-refused-'));
    const store = await openStore(join(dir, 'tracker.db'), { dataDir: dir, log: quietLogger });
    const ingest = createIngest({ store, log: quietLogger });
    const asked: Array<{ path: string; removeExtract: boolean }> = [];
    const files = createFilesService({
      store,
      ingest,
      dataDir: dir,
      buildBasemap: (request) => {
        asked.push({ ...request });
        throw new Error(`File '${request.path}' cannot be read now.`);
      },
    });
    try {
      const report = await files.importInput(bufferInput('ville.osm.pbf', readFileSync(VILLE)), { basemap: true });
      expect(report.imported).toBe(1016);
      expect(asked).toHaveLength(1);
      expect(asked[0]!.removeExtract).toBe(true);
      expect(report.basemap_error).toBe(
        `No basemap was built from 'ville.osm.pbf': File '${asked[0]!.path}' cannot be read now.`,
      );
      expect(existsSync(asked[0]!.path)).toBe(false);
      expect(readdirSync(join(dir, 'import-spool'))).toEqual([]);
    } finally {
      await ingest.close();
      await store.close();
    }
  });
});
