// The tooltip shown over the map for the object under the cursor: name and main tag
// ("Avenue Pasteur · highway=residential"), OSM type and id, speed and altitude when it has them
// and a point's position (in the chosen units), and age (stale only for tracked objects).
import type { LiveEntry } from '../state/live-objects.js';
import { isStale, staleClockByKind, type StaleThresholds } from '../state/staleness.js';
import { formatAge } from '../app/format.js';
import { formatAltitude, formatPosition, formatSpeed, tagNumber, type Units } from '../app/units.js';
import { objectTitle } from './layers/osm-style/main-tag.js';

export function HoverTooltip({
  entry,
  x,
  y,
  now,
  staleAfter,
  units,
}: {
  entry: LiveEntry;
  x: number;
  y: number;
  now: number;
  staleAfter: StaleThresholds;
  units: Units;
}) {
  const stale = isStale(entry, staleClockByKind(now, staleAfter));
  const altitude = tagNumber(entry.obj.tags.altitude);
  const { geom } = entry.obj;
  return (
    <div className="map-tooltip" style={{ left: x + 14, top: y + 14 }} role="tooltip" data-testid="map-tooltip">
      <div className="map-tooltip-name">{objectTitle(entry.obj.tags, entry.obj.osm_id)}</div>
      <div>
        {entry.obj.type} {entry.obj.osm_id}
      </div>
      {entry.speed !== null && <div data-testid="tooltip-speed">speed {formatSpeed(entry.speed, units.speed)}</div>}
      {altitude !== null && (
        <div data-testid="tooltip-altitude">altitude {formatAltitude(altitude, units.altitude)}</div>
      )}
      {geom.type === 'Point' && (
        <div data-testid="tooltip-position">
          {formatPosition(geom.coordinates[1] ?? 0, geom.coordinates[0] ?? 0, units.coords)}
        </div>
      )}
      <div className={stale ? 'stale' : undefined}>
        updated {formatAge(entry.observedMs, now)} ago{stale ? ' (stale)' : ''}
      </div>
    </div>
  );
}
