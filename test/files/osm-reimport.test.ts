/**
 * Re-importing a newer OSM extract into the same `file` source, on real data (© OpenStreetMap
 * contributors, ODbL 1.0; see test/fixtures/SOURCES.md): `monaco-ville-v2.osm.pbf` is osmium's copy
 * of `monaco-ville.osm.pbf` with way 4227157 edited (surface asphalt → sett, version 15 → 16), the
 * fountain node 456295834 deleted and a bench node 13400000001 added. Through the real ingest
 * pipeline into a real SQLite store, and over the hub's REST route.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFilesWorld, type FilesWorld } from './files-kit.js';
import { AppError } from '../../electron/contract/errors.js';
import type { OsmObject } from '../../electron/contract/domain.js';
import type { Store } from '../../db/store.js';
import { createFilesService, type FilesService } from '../../electron/core/files/files-service.js';
import type { IngestPipeline } from '../../electron/core/ingest/ingest.js';
import type { Ingest } from '../../electron/core/ingest/types.js';
import { startServer, type RunningServer } from '../../electron/headless/serve.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'osm');
const V1 = join(FIXTURES, 'monaco-ville.osm.pbf');
const V2 = join(FIXTURES, 'monaco-ville-v2.osm.pbf');
/** The newest element of V2 (the bench): the file's time, when its deletions are observed. */
const V2_TIME = '2026-03-20T09:05:00.000Z';

describe('re-importing a newer extract into the same source', () => {
  let world: FilesWorld;
  let store: Store;
  let ingest: IngestPipeline;
  let files: FilesService;
  let sourceId: string;
  let dir: string;
  beforeAll(async () => {
    world = await openFilesWorld('osm-reimport');
    ({ dir, store, ingest, files } = world);
  });
  afterAll(() => world.close());

  const all = async (id: string) =>
    (await store.listObjects({ filter: { source_ids: [id] }, limit: 100_000, offset: 0 })).items;
  const find = async (type: OsmObject['type'], osmId: string) => (await store.findObjectByKey(sourceId, type, osmId))!;
  const marked = async (id: string) => (await all(id)).filter((o) => o.tags['osm:deleted'] !== undefined);

  it('updates the changed way, marks the deleted node and adds the new one, with exact counts', async () => {
    const first = await files.importPath(V1);
    sourceId = first.source_id;
    expect(first).toMatchObject({ imported: 1016, created: 1016, updated: 0, unchanged: 0, deleted: 0 });

    const second = await files.importPath(V2, { sourceId });
    expect(second).toMatchObject({
      source_id: sourceId,
      format: 'osmpbf',
      imported: 1016,
      skipped: first.skipped,
      created: 1,
      updated: 1,
      unchanged: 1014,
      deleted: 1,
    });
    const objects = await all(sourceId);
    expect(objects).toHaveLength(1017);
    expect(new Set(objects.map((o) => `${o.type}/${o.osm_id}`)).size).toBe(1017);
    expect((await store.listSources()).filter((s) => s.type === 'file')).toHaveLength(1);

    const way = await find('way', '4227157');
    expect(way.tags).toMatchObject({ name: 'Rue des Remparts', surface: 'sett', 'osm:version': 16 });
    const wayHistory = await store.history(way.id, { ascending: true });
    expect(wayHistory.map((h) => [h.tags?.['osm:version'], h.tags?.surface, h.observed_at])).toEqual([
      [15, 'asphalt', '2025-05-03T17:25:01.000Z'],
      [16, 'sett', '2026-03-20T09:00:00.000Z'],
    ]);

    const fountain = await find('node', '456295834');
    expect(fountain.tags).toMatchObject({ amenity: 'fountain', 'osm:version': 3, 'osm:deleted': 'yes' });
    expect(fountain.observed_at).toBe(V2_TIME);
    const fountainHistory = await store.history(fountain.id, { ascending: true });
    expect(fountainHistory.map((h) => [h.tags?.['osm:deleted'] ?? null, h.observed_at])).toEqual([
      [null, '2019-02-04T08:34:06.000Z'],
      ['yes', V2_TIME],
    ]);

    const bench = await find('node', '13400000001');
    expect(bench.tags).toMatchObject({ amenity: 'bench', backrest: 'yes', 'osm:version': 1 });
    expect(bench.geom).toEqual({ type: 'Point', coordinates: [7.423, 43.7313] });
    expect((await marked(sourceId)).map((o) => o.osm_id)).toEqual(['456295834']);
    expect((await store.getSource(sourceId)).connection_info).toMatchObject({
      path: 'monaco-ville-v2.osm.pbf',
      format: 'osmpbf',
    });
  });

  it('importing the older extract again lifts the mark it brings back, keeps the newer way and marks the bench', async () => {
    const third = await files.importPath(V1, { sourceId });
    // The fountain's upsert is a repeat of a stored observation, so the store leaves its marked row:
    // the re-import replaces it with the file's state (counted as updated). The way's version 15 is
    // older than the stored 16: history only (unchanged).
    expect(third).toMatchObject({ imported: 1016, created: 0, updated: 1, unchanged: 1015, deleted: 1 });
    const fountain = await find('node', '456295834');
    expect(fountain.tags['osm:deleted']).toBeUndefined();
    expect(fountain.tags).toMatchObject({ amenity: 'fountain', 'osm:version': 3 });
    expect((await find('way', '4227157')).tags).toMatchObject({ surface: 'sett', 'osm:version': 16 });
    expect((await marked(sourceId)).map((o) => o.osm_id)).toEqual(['13400000001']);
    expect(await all(sourceId)).toHaveLength(1017);

    // The same file once more changes nothing and marks nothing newly.
    const fourth = await files.importPath(V1, { sourceId });
    expect(fourth).toMatchObject({ imported: 1016, created: 0, updated: 0, unchanged: 1016, deleted: 0 });
  });

  it('refuses a missing source and a source that is not a file source, with one sentence', async () => {
    const missing = files.importPath(V2, { sourceId: 'no-such-source' });
    await expect(missing).rejects.toThrow(/^Cannot import into source_id 'no-such-source': no such source exists\.$/);
    await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const feed = await store.createSource({
      name: 'feed',
      description: '',
      type: 'websocket',
      connectionInfo: {},
      isActive: false,
      tokenHash: '0'.repeat(64),
    });
    const wrong = files.importPath(V2, { sourceId: feed.id });
    await expect(wrong).rejects.toThrow(
      `Cannot import into source_id '${feed.id}': it is a websocket source, and only a file source can be re-imported.`,
    );
    await expect(wrong).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await store.countObjects({ source_ids: [feed.id] })).toBe(0);
  });

  it('a cancelled re-import keeps the source with what it wrote, marks nothing, and says so', async () => {
    const before = await all(sourceId);
    // Cancelled as soon as the first chunk of the file is committed.
    const cancelling: Ingest = Object.assign(Object.create(ingest) as Ingest, {
      submit: async (...args: Parameters<Ingest['submit']>) => {
        const results = await ingest.submit(...args);
        cancellable.cancelImport('cancel-me');
        return results;
      },
    });
    const cancellable = createFilesService({ store, ingest: cancelling, dataDir: dir });
    let error: unknown;
    try {
      await cancellable.importPath(V2, { sourceId, jobId: 'cancel-me' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.message).toMatch(
      new RegExp(
        `^The import of 'monaco-ville-v2\\.osm\\.pbf' was cancelled\\. Source '${sourceId}' keeps what this import wrote to it: [\\d,]+ objects \\([\\d,]+ new, [\\d,]+ changed, [\\d,]+ unchanged\\), and no object was marked deleted\\.$`,
      ),
    );
    const d = e.details as { kept: number; created: number; updated: number; unchanged: number; deleted: number };
    expect(d.kept).toBeGreaterThan(0);
    expect(d.kept).toBe(d.created + d.updated + d.unchanged);
    expect(d.deleted).toBe(0);
    expect(await store.findSource(sourceId)).toBeDefined();
    const after = await all(sourceId);
    expect(after.length).toBe(before.length + d.created);
    expect((await marked(sourceId)).map((o) => o.osm_id)).toEqual(['13400000001']);
  });
});

describe('POST /api/import?source_id=…', () => {
  let server: RunningServer;
  let base: string;
  const auth = { Authorization: 'Bearer reimport-test-token-0123456789' };
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osm-reimport-rest-'));
    server = await startServer({ port: 0, dataDir: dir, token: 'reimport-test-token-0123456789', env: {} });
    base = new URL(server.url).origin;
  });
  afterAll(async () => server.stop());

  const post = (query: string, path: string) =>
    fetch(`${base}/api/import?${query}`, { method: 'POST', headers: auth, body: readFileSync(path) });

  it('re-imports into the source it names and answers the counts', async () => {
    const first = (await (await post('name=monaco-ville.osm.pbf', V1)).json()) as { source_id: string };
    const res = await post(`name=monaco-ville-v2.osm.pbf&source_id=${first.source_id}`, V2);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      source_id: first.source_id,
      imported: 1016,
      created: 1,
      updated: 1,
      unchanged: 1014,
      deleted: 1,
    });
  });

  it('answers 404 with one sentence for a source that does not exist, 400 for a malformed id', async () => {
    const res = await post('name=monaco-ville-v2.osm.pbf&source_id=gone', V2);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "Cannot import into source_id 'gone': no such source exists.",
    );
    const bad = await post(`name=x.osm.pbf&source_id=${'x'.repeat(65)}`, V2);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /^Query parameter 'source_id' must be a source id of 1 to 64 characters, got 'x{65}'\.$/,
    );
  });
});
