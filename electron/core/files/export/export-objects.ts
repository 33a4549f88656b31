/**
 * Streams exactly what a filter selects into a writable, in one of our export formats, with
 * progress and cancellation, in bounded memory (pages from the store, backpressure honoured).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ObjectFilter, OsmObject } from '../../../contract/domain.js';
import { AppError } from '../../../contract/errors.js';
import type { FilterContext, Store } from '../../../../db/store.js';
import { rawFeatureJson, rawToObject, toFeature } from './feature-shape.js';
import { createCsvWriter, FORMAT_WRITERS, type ExportFormat, type FormatWriter, type Track } from './format-writers.js';

export interface ExportOptions {
  store: Store;
  format: ExportFormat;
  filter?: ObjectFilter;
  context?: FilterContext;
  /** Export each object's observations in this window as a timed LineString instead of its current state. */
  tracks?: { after?: string; before?: string };
  out: Writable;
  onProgress?: (p: { objects: number; total: number; bytes: number }) => void;
  signal?: AbortSignal;
  pageSize?: number;
}

export interface ExportResult {
  objects: number;
  bytes: number;
}

/** Writes the export; resolves when the last byte is handed to `out` (the caller ends it). */
export async function exportObjects(options: ExportOptions): Promise<ExportResult> {
  const { store, format, out, signal } = options;
  const query = { filter: options.filter ?? {}, context: options.context };
  const total = await store.countObjects(query.filter, query.context);
  const writer =
    format === 'csv' ? createCsvWriter(await collectTagKeys(store, query, signal)) : FORMAT_WRITERS[format];
  let bytes = 0;
  let objects = 0;
  const write = async (text: string) => {
    if (!text) return;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain', { signal });
  };
  await write(writer.header());
  if ((format === 'geojson' || format === 'geojsonseq') && !options.tracks) {
    // Bulk path: splice stored JSON text; only rows that need care are decoded.
    const sep = format === 'geojson' ? ',\n' : '\n';
    for await (const rows of store.iterateObjectRows(query, options.pageSize ?? 1000)) {
      if (signal?.aborted) throw new AppError('INVALID_INPUT', 'The export was cancelled.');
      const parts: string[] = [];
      for (const row of rows) {
        const json = rawFeatureJson(row) ?? JSON.stringify(toFeature(rawToObject(row)));
        parts.push(format === 'geojson' ? (objects === 0 ? json : sep + json) : json + sep);
        objects++;
      }
      await write(parts.join(''));
      options.onProgress?.({ objects, total, bytes });
    }
    await write(writer.footer());
    return { objects, bytes };
  }
  for await (const rows of store.iterateObjectRows(query, options.pageSize ?? 2000)) {
    const page = rows.map(rawToObject);
    if (signal?.aborted) throw new AppError('INVALID_INPUT', 'The export was cancelled.');
    let chunk = '';
    for (const o of page) {
      if (options.tracks) {
        const track = await trackOf(store, o, options.tracks);
        if (track) chunk += writer.track(track, objects === 0);
        else chunk += writer.object(o, objects === 0);
      } else chunk += writer.object(o, objects === 0);
      objects++;
    }
    await write(chunk);
    options.onProgress?.({ objects, total, bytes });
  }
  await write(writer.footer());
  return { objects, bytes };
}

async function collectTagKeys(
  store: Store,
  query: { filter: ObjectFilter; context?: FilterContext },
  signal?: AbortSignal,
): Promise<string[]> {
  const keys = new Set<string>();
  for await (const rows of store.iterateObjectRows(query, 5000)) {
    if (signal?.aborted) throw new AppError('INVALID_INPUT', 'The export was cancelled.');
    for (const r of rows) for (const k of Object.keys(JSON.parse(r.tags) as object)) keys.add(k);
  }
  return [...keys].sort();
}

/** The object's point observations in the window, oldest first, or undefined when fewer than two. */
async function trackOf(
  store: Store,
  o: OsmObject,
  window: { after?: string; before?: string },
): Promise<Track | undefined> {
  const history = await store.history(o.id, { ...window, ascending: true, limit: 100_000 });
  const coordinates: number[][] = [];
  const times: string[] = [];
  for (const h of history) {
    if (h.geom?.type !== 'Point') continue;
    coordinates.push(h.geom.coordinates);
    times.push(h.observed_at);
  }
  return coordinates.length >= 2 ? { object: o, coordinates, times } : undefined;
}

export type { ExportFormat, FormatWriter };
