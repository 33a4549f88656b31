/**
 * What the Import section says and offers: the one-line summary of an import report ("imported
 * 1,016 (1 new, 1 changed, 1,014 unchanged), 1 marked deleted, skipped 9"), the state of the offline
 * basemap it started ("offline basemap: building…", "ready" or why not), and which sources an OSM
 * file can update (file sources that hold OSM data) and which files may update them.
 */
import type { DataSource } from '../../../../electron/contract/domain.js';
import type { EventPayload } from '../../../../electron/contract/events.js';
import type { MethodResult } from '../../../../electron/contract/methods.js';
import { formatCount } from '../../app/format.js';

type ImportReport = MethodResult<'files.import'>;

const OSM_FORMATS = new Set(['osm', 'osmpbf', 'overpass']);

/** The counts of a report in one line; the breakdown only when something was not new. */
export function reportSummary(r: ImportReport): string {
  const parts = [`imported ${formatCount(r.imported)}`];
  if (r.created !== r.imported)
    parts[0] += ` (${formatCount(r.created)} new, ${formatCount(r.updated)} changed, ${formatCount(r.unchanged)} unchanged)`;
  if (r.deleted > 0) parts.push(`${formatCount(r.deleted)} marked deleted`);
  parts.push(`skipped ${formatCount(r.skipped)}`);
  return parts.join(', ');
}

/**
 * The basemap part of a result, from the report and the build's latest progress event; null when no
 * basemap was asked for, or when main refused one for a file that is not an OSM extract (a dialog
 * import asks before the file is known).
 */
export function basemapStatus(
  r: ImportReport,
  job: EventPayload<'tiles.basemapProgressed'> | undefined,
): { text: string; failed: boolean } | null {
  if (r.basemap) {
    if (!job?.finished) return { text: 'offline basemap: building…', failed: false };
    if (job.phase === 'done') return { text: 'offline basemap: ready', failed: false };
    if (job.phase === 'cancelled') return { text: 'offline basemap: cancelled', failed: true };
    return { text: `offline basemap: ${job.error ?? 'the build failed.'}`, failed: true };
  }
  if (r.basemap_error && OSM_FORMATS.has(r.format))
    return { text: `offline basemap: ${r.basemap_error}`, failed: true };
  return null;
}

/** File sources whose last import was an OSM extract: the ones "Update source" offers. */
export function osmSources(sources: DataSource[]): DataSource[] {
  return sources.filter((s) => s.type === 'file' && OSM_FORMATS.has(String(s.connection_info['format'])));
}

/** Whether a file is an OSM extract by its name (only those update a source; others get a new one). */
export function isOsmFileName(name: string): boolean {
  return /\.(osm|pbf|osm\.gz|osm\.bz2)$/i.test(name);
}
