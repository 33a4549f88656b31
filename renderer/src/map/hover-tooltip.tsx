// The tooltip shown over the map for the object under the cursor: name and main tag
// ("Avenue Pasteur · highway=residential"), OSM type and id, speed when it has one, and age
// (stale only for tracked objects).
import type { LiveEntry } from '../state/live-objects.js';
import { isStale, staleClockByKind, type StaleThresholds } from '../state/staleness.js';
import { formatAge, formatSpeed } from '../app/format.js';
import { objectTitle } from './layers/osm-style/main-tag.js';

export function HoverTooltip({
  entry,
  x,
  y,
  now,
  staleAfter,
}: {
  entry: LiveEntry;
  x: number;
  y: number;
  now: number;
  staleAfter: StaleThresholds;
}) {
  const stale = isStale(entry, staleClockByKind(now, staleAfter));
  return (
    <div className="map-tooltip" style={{ left: x + 14, top: y + 14 }} role="tooltip" data-testid="map-tooltip">
      <div className="map-tooltip-name">{objectTitle(entry.obj.tags, entry.obj.osm_id)}</div>
      <div>
        {entry.obj.type} {entry.obj.osm_id}
      </div>
      {entry.speed !== null && <div>speed {formatSpeed(entry.speed)}</div>}
      <div className={stale ? 'stale' : undefined}>
        updated {formatAge(entry.observedMs, now)} ago{stale ? ' (stale)' : ''}
      </div>
    </div>
  );
}
