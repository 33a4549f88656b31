/**
 * Geofences from a GeoJSON or KML file (`geofences.import`): each Polygon or MultiPolygon feature
 * (a KML Placemark's Polygon with its innerBoundaryIs holes, or a MultiGeometry of Polygons) becomes
 * one area, named from the feature's `name` property (KML `<name>`), else "<file name> <n>". The
 * file is read by the import readers (core/files/import), as a file import reads it.
 */
import { basename, extname } from 'node:path';
import { AppError } from '../../contract/errors.js';
import { GEOFENCE_NAME_MAX } from '../../contract/methods/rules.js';
import { detectFormat, readImport } from '../files/import/read-import.js';
import type { ImportInput } from '../files/import/import-types.js';
import { fenceAreaFromInput, type FenceArea } from './fence-input.js';

/** One feature of the file: a named area to create, or why it was skipped. */
export type GeofenceCandidate = { index: number; name: string; area: FenceArea } | { index: number; skip: string };

const FENCE_FORMATS = new Set(['geojson', 'geojsonseq', 'kml']);

/** Reads the file's features in order; a file that is not GeoJSON or KML, or is broken, throws INVALID_INPUT. */
export async function* readGeofenceFile(name: string, content: string): AsyncGenerator<GeofenceCandidate> {
  const bytes = Buffer.from(content, 'utf8');
  const format = detectFormat(name, bytes.subarray(0, 4096));
  if (!FENCE_FORMATS.has(format)) {
    throw new AppError('INVALID_INPUT', `File '${name}' must be GeoJSON or KML to import geofences, got ${format}.`, {
      details: { field: 'content' },
    });
  }
  const input: ImportInput = {
    name,
    size: bytes.length,
    stream: async function* () {
      yield bytes;
    },
  };
  const stem = basename(name, extname(name)) || name;
  for await (const record of readImport(input, format)) {
    if ('skip' in record) {
      yield { index: record.index, skip: record.skip };
      continue;
    }
    const label = record.object.tags['name'];
    const fenceName = typeof label === 'string' && label.trim() !== '' ? label.trim() : `${stem} ${record.index + 1}`;
    try {
      const area = fenceAreaFromInput(polygonsOf(record.object.geom));
      yield { index: record.index, name: fenceName.slice(0, GEOFENCE_NAME_MAX), area };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      yield { index: record.index, skip: error.message };
    }
  }
}

/** A GeometryCollection of Polygons and MultiPolygons (KML's MultiGeometry) as one MultiPolygon; anything else as it is. */
function polygonsOf(geom: unknown): unknown {
  const g = geom as { type?: unknown; geometries?: unknown };
  if (g?.type !== 'GeometryCollection' || !Array.isArray(g.geometries)) return geom;
  const parts = g.geometries as { type?: unknown; coordinates?: unknown }[];
  if (parts.length === 0 || !parts.every((p) => p?.type === 'Polygon' || p?.type === 'MultiPolygon')) return geom;
  const coordinates = parts.flatMap((p) => (p.type === 'Polygon' ? [p.coordinates] : (p.coordinates as unknown[])));
  return { type: 'MultiPolygon', coordinates };
}
