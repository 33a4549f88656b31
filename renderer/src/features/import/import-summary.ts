/**
 * What the Import section says and offers: the one-line summary of an import report ("imported
 * 1,016 (1 new, 1 changed, 1,014 unchanged), 1 marked deleted, skipped 9"), and which sources an
 * OSM file can update (file sources that hold OSM data) and which files may update them.
 */
import type { DataSource } from '../../../../electron/contract/domain.js';
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

/** File sources whose last import was an OSM extract: the ones "Update source" offers. */
export function osmSources(sources: DataSource[]): DataSource[] {
  return sources.filter((s) => s.type === 'file' && OSM_FORMATS.has(String(s.connection_info['format'])));
}

/** Whether a file is an OSM extract by its name (only those update a source; others get a new one). */
export function isOsmFileName(name: string): boolean {
  return /\.(osm|pbf|osm\.gz|osm\.bz2)$/i.test(name);
}
