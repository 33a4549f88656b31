/**
 * KMZ import on archives nobody here wrote (libkml's test data, see test/fixtures/SOURCES.md): the
 * streamed unzip reads a real deflated KMZ with the values its KML holds, and refuses the broken
 * archives libkml's own tests refuse, with a sentence and nothing stored.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFilesWorld, type FilesWorld } from './files-kit.js';
import type { Store } from '../../db/store.js';
import { bufferInput, type FilesService } from '../../electron/core/files/files-service.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kmz/${name}`, import.meta.url));

let world: FilesWorld;
let store: Store;
let files: FilesService;

beforeAll(async () => {
  world = await openFilesWorld('kmz-real');
  ({ store, files } = world);
});
afterAll(() => world.close());

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
