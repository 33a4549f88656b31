// The tooltip shown over the map for the object under the cursor: name, kind, speed and age.
import type { LiveEntry } from '../state/live-objects.js';
import { formatAge, formatSpeed } from '../app/format.js';

export function HoverTooltip({
  entry,
  x,
  y,
  now,
  staleAfterMs,
}: {
  entry: LiveEntry;
  x: number;
  y: number;
  now: number;
  staleAfterMs: number;
}) {
  const stale = now - entry.observedMs > staleAfterMs;
  return (
    <div className="map-tooltip" style={{ left: x + 14, top: y + 14 }} role="tooltip" data-testid="map-tooltip">
      <div className="map-tooltip-name">{entry.name || entry.obj.osm_id}</div>
      <div>
        {entry.kind} · {entry.obj.type}
      </div>
      <div>speed {formatSpeed(entry.speed)}</div>
      <div className={stale ? 'stale' : undefined}>
        updated {formatAge(entry.observedMs, now)} ago{stale ? ' (stale)' : ''}
      </div>
    </div>
  );
}
