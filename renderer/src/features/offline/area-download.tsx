/**
 * "Download this area for offline use": the visible area and a zoom range, estimated first (tile
 * count, already cached, size), then downloaded by main with a progress bar and cancel. Starting
 * again resumes: tiles already cached are skipped. Refusals (OpenStreetMap's servers, a source not
 * marked as permitting it) show as main's sentence.
 */
import { useEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../../../electron/contract/events.js';
import type { TileLayer } from '../../../../electron/contract/methods/tiles.js';
import type { MethodResult } from '../../../../electron/contract/methods.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useShell } from '../../app/shell-context.js';
import { formatBytes, formatCount } from '../../app/format.js';
import { clampBbox, defaultZoomRange } from './area-request.js';

type Progress = EventPayload<'tiles.downloadProgressed'>;

export function AreaDownload({ layer }: { layer: TileLayer }) {
  const { client } = useApp();
  const view = useShell((s) => s.view);
  // The range follows the view until the user picks one.
  const [picked, setPicked] = useState<[number, number] | null>(null);
  const range = picked ?? defaultZoomRange(view?.zoom ?? 0, layer.max_zoom);
  const [estimated, setEstimated] = useState<{ key: string; result: MethodResult<'tiles.estimateArea'> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const seen = useRef(new Map<string, Progress>());
  const jobRef = useRef<string | null>(null);

  useEffect(
    () =>
      client.on('tiles.downloadProgressed', (p) => {
        seen.current.set(p.job_id, p);
        if (p.job_id === jobRef.current) setProgress(p);
      }),
    [client],
  );
  // A new view or range needs a new estimate before starting.
  const areaKey = view ? `${view.bbox.map((v) => v.toFixed(4)).join(',')}/${range.join('-')}` : '';
  const estimate = estimated?.key === areaKey ? estimated.result : null;

  const area = () => ({ layer_id: layer.id, bbox: clampBbox(view!.bbox), min_zoom: range[0], max_zoom: range[1] });
  const running = job !== null && !(progress?.finished ?? false);

  async function run(step: () => Promise<void>) {
    setError(null);
    try {
      await step();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const doEstimate = () =>
    run(async () => setEstimated({ key: areaKey, result: await client.call('tiles.estimateArea', area()) }));
  const start = () =>
    run(async () => {
      setProgress(null);
      const r = await client.call('tiles.downloadArea', area());
      jobRef.current = r.job_id;
      setJob(r.job_id);
      const early = seen.current.get(r.job_id);
      setProgress(
        early ?? {
          job_id: r.job_id,
          layer_id: layer.id,
          done: 0,
          total: r.total,
          fetched: 0,
          skipped: 0,
          failed: 0,
          finished: false,
          cancelled: false,
        },
      );
    });
  const cancel = () => run(async () => void (job && (await client.call('tiles.cancelDownload', { job_id: job }))));

  const zoomInput = (i: 0 | 1, label: string) => (
    <label>
      {label}
      <input
        type="number"
        min={0}
        max={layer.max_zoom}
        value={range[i]}
        data-testid={`area-zoom-${i === 0 ? 'min' : 'max'}`}
        onChange={(e) => {
          const v = Math.min(layer.max_zoom, Math.max(0, Math.round(Number(e.target.value) || 0)));
          setPicked(i === 0 ? [v, Math.max(v, range[1])] : [Math.min(v, range[0]), v]);
        }}
      />
    </label>
  );

  return (
    <div className="area-download" data-testid="area-download">
      <p className="hint">
        The visible area{view ? ` (zoom ${Math.floor(view.zoom)})` : ''} from <strong>{layer.name}</strong>.
      </p>
      <div className="zoom-range">
        {zoomInput(0, 'From zoom')}
        {zoomInput(1, 'to')}
        <button type="button" disabled={!view || running} onClick={() => void doEstimate()} data-testid="area-estimate">
          Estimate
        </button>
      </div>
      {estimate && (
        <p data-testid="area-estimate-text">
          {formatCount(estimate.tiles)} tiles, about {formatBytes(estimate.estimated_bytes)}
          {estimate.already_cached > 0 && `; ${formatCount(estimate.already_cached)} already cached`}.
        </p>
      )}
      <div className="offline-actions">
        <button type="button" disabled={!estimate || running} onClick={() => void start()} data-testid="area-start">
          {progress?.cancelled ? 'Resume download' : 'Download'}
        </button>
        {running && (
          <button type="button" onClick={() => void cancel()} data-testid="area-cancel">
            Cancel
          </button>
        )}
      </div>
      {progress && (
        <div className="progress-row" data-testid="area-progress">
          <progress max={Math.max(1, progress.total)} value={progress.done} />
          <span className="small">
            {formatCount(progress.done)} / {formatCount(progress.total)} tiles ({formatCount(progress.fetched)} fetched,{' '}
            {formatCount(progress.skipped)} already cached
            {progress.failed ? `, ${formatCount(progress.failed)} failed` : ''})
            {progress.finished && (progress.cancelled ? ' — cancelled; start again to resume.' : ' — done.')}
          </span>
        </div>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="area-error">
          {error}
        </p>
      )}
    </div>
  );
}
