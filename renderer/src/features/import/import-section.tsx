/**
 * Import: "Import…" (main's dialog in the desktop app, a file input in the browser), where OSM
 * extracts go (a new source, or "update" an existing OSM file source), whether they also build an
 * offline street basemap, the progress of the running import with its Cancel button, and a result
 * per file: "imported N (a new, b changed, c unchanged), d marked deleted, skipped M" with the reason
 * for each skip, **Show on map** (zooms to the file's source), and "offline basemap: building…" until
 * the basemap is ready or failed.
 */
import { useEffect, useRef } from 'react';
import { useIsDesktop, useShellActions } from '../../app/shell-context.js';
import { useSources } from '../../app/use-sources.js';
import { formatBytes, formatCount } from '../../app/format.js';
import { basemapStatus, osmSources, reportSummary } from './import-summary.js';
import { useImports, type ImportResult, type ImportState } from './use-import.js';

const ACCEPT = '.geojson,.json,.geojsonl,.geojsons,.ndjson,.gpx,.kml,.kmz,.csv,.osm,.xml,.pbf,.gz,.bz2';

/** The import section of the "Maps & files" tab. */
export function ImportSection() {
  const state = useImports();
  const isDesktop = useIsDesktop();
  const input = useRef<HTMLInputElement>(null);
  const section = useRef<HTMLElement>(null);
  const { running } = state;
  // A drop or a finished import brings the progress and results into view.
  const busy = running !== null;
  const count = state.results.length;
  useEffect(() => {
    if (busy || count > 0) section.current?.scrollIntoView?.({ block: 'start' });
  }, [busy, count]);
  return (
    <section ref={section} className="offline-section" data-testid="import-section">
      <h3>Import</h3>
      <p className="hint">
        GeoJSON, GPX, KML/KMZ, CSV, OSM extracts (.osm.pbf, .osm, .osm.gz, .osm.bz2) or Overpass JSON. You can also drop
        files on the window.
      </p>
      <UpdateSourceChoice state={state} />
      <div>
        <label>
          <input
            type="checkbox"
            checked={state.buildBasemap}
            disabled={running !== null}
            data-testid="import-basemap"
            onChange={(e) => state.setBuildBasemap(e.target.checked)}
          />{' '}
          Also build an offline street basemap from OSM extracts
        </label>
      </div>
      <div className="offline-actions">
        <button
          type="button"
          disabled={running !== null}
          data-testid="import-button"
          onClick={() => (isDesktop ? void state.importDialog() : input.current?.click())}
        >
          Import…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={ACCEPT}
          data-testid="import-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void state.importFiles(files);
          }}
        />
        {state.results.length > 0 && !running && (
          <button type="button" className="link-button" onClick={state.clear}>
            Clear results
          </button>
        )}
      </div>
      {running && <ImportProgress {...running} onCancel={state.cancel} />}
      {state.results.map((r, i) => (
        <ResultPanel
          key={`${r.name}-${state.results.length - i}`}
          result={r}
          basemapJob={r.report?.basemap ? state.basemapJobs[r.report.basemap.job_id] : undefined}
        />
      ))}
    </section>
  );
}

/**
 * Bytes read of the file and objects stored so far; once all is read the last objects are still
 * being stored. Cancel stops the import, and main removes what it had stored.
 */
function ImportProgress(props: ImportState['running'] & object & { onCancel(): void }) {
  const { name, done, total, objects, jobId, cancelling } = props;
  const storing = total > 0 && done >= total;
  const stored = objects > 0 ? `, ${formatCount(objects)} objects stored` : '';
  return (
    <div className="progress-row" data-testid="import-progress">
      <progress max={total || 1} value={total && !storing ? done : undefined} />
      <span className="small">
        Importing {name}
        {total > 0 &&
          (storing
            ? ` — read all ${formatBytes(total)}, storing the objects${stored}…`
            : ` — ${formatBytes(done)} of ${formatBytes(total)} read${stored}`)}
      </span>
      <button
        type="button"
        className="link-button"
        data-testid="import-cancel"
        disabled={!jobId || cancelling}
        onClick={props.onCancel}
      >
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}

/**
 * Where OSM extracts go: a new source each, or an existing OSM file source they update (objects the
 * new extract no longer holds are marked `osm:deleted=yes`). Shown only when such a source exists.
 */
function UpdateSourceChoice({ state }: { state: ImportState }) {
  const choices = osmSources(useSources().sources);
  const { updateSource, setUpdateSource } = state;
  const gone = updateSource !== null && !choices.some((s) => s.id === updateSource);
  // A source removed meanwhile is no longer a choice: back to a new source.
  useEffect(() => {
    if (gone) setUpdateSource(null);
  }, [gone, setUpdateSource]);
  if (choices.length === 0) return null;
  return (
    <label className="import-into">
      OSM extracts go into{' '}
      <select
        value={gone ? '' : (updateSource ?? '')}
        disabled={state.running !== null}
        data-testid="import-update-source"
        onChange={(e) => setUpdateSource(e.target.value || null)}
      >
        <option value="">a new source</option>
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            Update source {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function ResultPanel({
  result,
  basemapJob,
}: {
  result: ImportResult;
  basemapJob: ImportState['basemapJobs'][string] | undefined;
}) {
  const { report, error } = result;
  const { showSource } = useShellActions();
  const basemap = report ? basemapStatus(report, basemapJob) : null;
  return (
    <div className={`import-result${error ? ' import-failed' : ''}`} data-testid="import-result">
      <div className="import-result-head">
        <strong>{result.name}</strong>
        {report && (
          <span>
            {' '}
            ({report.format}): {reportSummary(report)}
          </span>
        )}
        {report && report.imported > 0 && (
          <button
            type="button"
            className="link-button"
            data-testid="import-show-on-map"
            title="Zoom the map to the objects of this file's source"
            onClick={() => showSource(report.source_id)}
          >
            Show on map
          </button>
        )}
      </div>
      {basemap && (
        <div className={basemap.failed ? 'error-text' : 'small'} data-testid="import-basemap-status">
          {basemap.text}
        </div>
      )}
      {error && <p className="error-text">Not imported: {error}</p>}
      {report && report.skipped_reasons.length > 0 && (
        <ul className="skip-reasons">
          {report.skipped_reasons.slice(0, 100).map((s) => (
            <li key={s.index}>
              Feature {s.index + 1}: {s.reason}
            </li>
          ))}
          {report.skipped > 100 && <li className="muted">… and {formatCount(report.skipped - 100)} more.</li>}
        </ul>
      )}
    </div>
  );
}
