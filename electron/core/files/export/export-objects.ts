/**
 * Streams exactly what a filter selects into a writable, in one of our export formats, with
 * progress and cancellation, in bounded memory (pages from the store, backpressure honoured).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ObjectFilter, OsmObject, Track } from '../../../contract/domain.js';
import { AppError } from '../../../contract/errors.js';
import type { FilterContext, Store } from '../../../../db/store.js';
import { rawFeatureJson, rawToObject, toFeature } from './feature-shape.js';
import {
  createCsvWriter,
  FORMAT_WRITERS,
  POSITION_TAGS,
  type ExportFormat,
  type FormatWriter,
} from './format-writers.js';

/** The most positions one object's track holds in an export (the contract's `objects.track` limit). */
const MAX_TRACK_POSITIONS = 1_000_000;
/** A chunk of text is handed to `out` once it is about this long. */
const FLUSH_CHARS = 1 << 20;

/** An export's time window, epoch ms, both ends included; either end may be open. */
export interface ExportWindow {
  from?: number;
  to?: number;
}

export interface ExportOptions {
  store: Store;
  format: ExportFormat;
  filter?: ObjectFilter;
  context?: FilterContext;
  /**
   * A time window: every point object with two or more positions in it is written as its track
   * (GeoJSON LineString with times, GPX trk, KML gx:Track, CSV one row per position); the others
   * as they are now. Without it, every object as it is now.
   */
  window?: ExportWindow;
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
    format === 'csv'
      ? createCsvWriter(await collectTagKeys(store, query, signal, options.window ? POSITION_TAGS : []))
      : FORMAT_WRITERS[format];
  let bytes = 0;
  let objects = 0;
  const write = async (text: string) => {
    if (!text) return;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain', { signal });
  };
  await write(writer.header());
  if ((format === 'geojson' || format === 'geojsonseq') && !options.window) {
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
      const track = options.window ? await trackOf(store, o, options.window) : undefined;
      if (!track) chunk += writer.object(o, objects === 0);
      else
        for (const part of writer.track(o, track, objects === 0)) {
          chunk += part;
          if (chunk.length < FLUSH_CHARS) continue;
          await write(chunk);
          chunk = '';
        }
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
  extra: readonly string[] = [],
): Promise<string[]> {
  const keys = new Set<string>(extra);
  for await (const rows of store.iterateObjectRows(query, 5000)) {
    if (signal?.aborted) throw new AppError('INVALID_INPUT', 'The export was cancelled.');
    for (const r of rows) for (const k of Object.keys(JSON.parse(r.tags) as object)) keys.add(k);
  }
  return [...keys].sort();
}

/** A point object's positions in the window, or undefined when it has fewer than two there. */
async function trackOf(store: Store, o: OsmObject, window: ExportWindow): Promise<Track | undefined> {
  if (o.geom.type !== 'Point') return undefined;
  const track = await store.track(o.id, { ...window, limit: MAX_TRACK_POSITIONS });
  return track.times.length >= 2 ? track : undefined;
}

export type { ExportFormat, FormatWriter };
