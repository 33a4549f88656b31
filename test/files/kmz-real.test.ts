/**
 * KMZ import on archives nobody here wrote (libkml's test data, see test/fixtures/SOURCES.md): the
 * streamed unzip reads a real deflated KMZ with the values its KML holds, and refuses the broken
 * archives libkml's own tests refuse, with a sentence and nothing stored.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/store.js';
import { bufferInput, createFilesService, type FilesService } from '../../electron/core/files/files-service.js';
import { createIngest, type IngestPipeline } from '../../electron/core/ingest/ingest.js';
import { quietLogger } from '../fakes/quiet-logger.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kmz/${name}`, import.meta.url));

let store: Store;
let ingest: IngestPipeline;
let files: FilesService;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmz-real-'));
  store = await openStore(join(dir, 'tracker.db'), { dataDir: dir, log: quietLogger });
  ingest = createIngest({ store, log: quietLogger });
  files = createFilesService({ store, ingest, dataDir: dir });
});
afterAll(async () => {
  await ingest.close();
  await store.close();
});

describe('KMZ files from libkml', () => {
  it('imports points-puntas.kmz: 11 placemarks with the ids, names and positions of its doc.kml', async () => {
    const report = await files.importInput(bufferInput('points-puntas.kmz', fixture('points-puntas.kmz')));
    expect(report).toMatchObject({ format: 'kmz', imported: 11, skipped: 0 });
    const first = await store.findObjectByKey(report.source_id, 'node', 'CIXX0017');
    expect(first).toMatchObject({
      tags: { name: '32°F / 0°C' },
      geom: { type: 'Point', coordinates: [-70.85, -53.03] },
    });
    const last = await store.findObjectByKey(report.source_id, 'node', 'CIXX0034');
    expect(last?.geom).toEqual({ type: 'Point', coordinates: [-75.1, -52.399999] });
  });

  it.each(['bad.kmz', 'overflow_bad_offset.kmz'])('refuses %s with a sentence and stores nothing', async (name) => {
    const sources = (await store.listSources()).length;
    const objects = await store.countObjects();
    await expect(files.importInput(bufferInput(name, fixture(name)))).rejects.toThrow(
      new RegExp(`File '${name.replace('.', '\\.')}' cannot be imported: .+\\.$`),
    );
    expect((await store.listSources()).length).toBe(sources);
    expect(await store.countObjects()).toBe(objects);
  });
});
